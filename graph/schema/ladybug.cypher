// plangraph graph schema for Ladybug (Kùzu dialect). Every statement is idempotent (IF NOT EXISTS).
// Dates are ISO strings (YYYY-MM-DD): they compare correctly as strings on both stores.
// `group` is a reserved word in Ladybug: the task's group heading is `group_name`.
CREATE NODE TABLE IF NOT EXISTS Plan(id STRING PRIMARY KEY, file STRING, sha256 STRING, extraction_sha STRING,
  doc_type STRING, number STRING, symbol STRING, issuer STRING, jurisdiction STRING, date STRING, year INT64,
  draft BOOLEAN, title STRING, signer STRING, instrument_key STRING, ingested_at STRING);
CREATE NODE TABLE IF NOT EXISTS Instrument(key STRING PRIMARY KEY, number STRING, symbol STRING,
  doc_type STRING, date STRING, issuer STRING, dated BOOLEAN, ambiguous BOOLEAN);
CREATE NODE TABLE IF NOT EXISTS Task(id STRING PRIMARY KEY, plan_id STRING, ordinal STRING, position INT64,
  source STRING, group_name STRING, text STRING, deliverable STRING, deadline_raw STRING, deadline_kind STRING,
  deadline_start STRING, deadline_end STRING, recurrence STRING, condition STRING, note STRING,
  confidence DOUBLE, page INT64, line_start INT64, request_type STRING, request_family STRING,
  request_title STRING, request_evidence STRING);
// stores created before the request_* columns existed get them here (no-op otherwise)
ALTER TABLE Plan ADD IF NOT EXISTS extractor_version STRING;
ALTER TABLE Task ADD IF NOT EXISTS request_type STRING;
ALTER TABLE Task ADD IF NOT EXISTS request_family STRING;
ALTER TABLE Task ADD IF NOT EXISTS request_title STRING;
ALTER TABLE Task ADD IF NOT EXISTS request_evidence STRING;
ALTER TABLE Task ADD IF NOT EXISTS request_due STRING;
CREATE NODE TABLE IF NOT EXISTS Organization(id STRING PRIMARY KEY, name STRING, name_cf STRING,
  jurisdiction STRING, generic BOOLEAN);
CREATE NODE TABLE IF NOT EXISTS Indicator(id STRING PRIMARY KEY, plan_id STRING, position INT64, text STRING,
  value DOUBLE, max DOUBLE, unit STRING, comparator STRING, target_year INT64, footnote STRING,
  values_json STRING, page INT64, line_start INT64);
CREATE NODE TABLE IF NOT EXISTS IngestLog(id STRING PRIMARY KEY, file STRING, stage STRING, error_type STRING,
  message STRING, at STRING);
// store bookkeeping (graph/derived.py: what the derived DUPLICATES / PRODUCES / MAY_PRODUCE were computed from)
CREATE NODE TABLE IF NOT EXISTS Meta(key STRING PRIMARY KEY, value STRING, at STRING);
CREATE REL TABLE IF NOT EXISTS IMPLEMENTS(FROM Plan TO Instrument, FROM Instrument TO Instrument,
  evidence STRING, asserted_by STRING);
CREATE REL TABLE IF NOT EXISTS BASED_ON(FROM Plan TO Instrument, evidence STRING);
CREATE REL TABLE IF NOT EXISTS REPLACES(FROM Plan TO Instrument, FROM Instrument TO Instrument,
  evidence STRING, asserted_by STRING);
CREATE REL TABLE IF NOT EXISTS STOPS(FROM Plan TO Instrument, FROM Instrument TO Instrument,
  evidence STRING, asserted_by STRING);
CREATE REL TABLE IF NOT EXISTS MENTIONS(FROM Plan TO Instrument, evidence STRING);
CREATE REL TABLE IF NOT EXISTS `IS`(FROM Plan TO Instrument);
CREATE REL TABLE IF NOT EXISTS RESOLVES_TO(FROM Instrument TO Instrument);
CREATE REL TABLE IF NOT EXISTS HAS_TASK(FROM Plan TO Task);
CREATE REL TABLE IF NOT EXISTS LED_BY(FROM Task TO Organization);
CREATE REL TABLE IF NOT EXISTS SUPPORTED_BY(FROM Task TO Organization);
CREATE REL TABLE IF NOT EXISTS HAS_INDICATOR(FROM Plan TO Indicator);
CREATE REL TABLE IF NOT EXISTS SOURCED_FROM(FROM Indicator TO Instrument, FROM Indicator TO Organization);
CREATE REL TABLE IF NOT EXISTS FOR_TASK(FROM Indicator TO Task);
CREATE REL TABLE IF NOT EXISTS DUPLICATES(FROM Task TO Task, score DOUBLE, method STRING);
// lineage (graph/lineage_store.py): the task asks for the plan; MAY_PRODUCE = one of tied candidates (ambiguous)
CREATE REL TABLE IF NOT EXISTS PRODUCES(FROM Task TO Plan, score DOUBLE, evidence STRING);
CREATE REL TABLE IF NOT EXISTS MAY_PRODUCE(FROM Task TO Plan, score DOUBLE, evidence STRING);
