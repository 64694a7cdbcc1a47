// Named statements used by graph/writer.py and graph/resolve.py (`store.run(name, params)`).
// One statement per `// name:` section, written in the Cypher subset both stores run (queries/README.md).
// Rows come in as `UNWIND $rows AS r` batches. Ladybug: node MERGE only for the small shared sets
// (Instrument, Organization, IngestLog); a plan's own nodes are CREATEd (the writer diffs in Python);
// edges as `MATCH (a …) MATCH (b …) CREATE`, never the comma form.

// name: plan_by_file
MATCH (p:Plan) WHERE p.file = $file
RETURN p.id AS id, p.sha256 AS sha256, p.extraction_sha AS extraction_sha, p.extractor_version AS extractor_version;

// name: plans_by_sha
MATCH (p:Plan) WHERE p.sha256 = $sha256
RETURN p.id AS id, p.file AS file, p.sha256 AS sha256, p.extraction_sha AS extraction_sha,
       p.extractor_version AS extractor_version;

// name: set_plan_file
MATCH (p:Plan {id: $plan_id}) SET p.file = $file;

// name: set_plan_extractor_version
MATCH (p:Plan {id: $plan_id}) SET p.extractor_version = $version;

// name: all_plans
MATCH (p:Plan) RETURN p.id AS id, p.file AS file, p.sha256 AS sha256, p.extractor_version AS extractor_version;

// name: delete_plan_tasks
MATCH (p:Plan {id: $plan_id})-[:HAS_TASK]->(t:Task) DETACH DELETE t;

// name: delete_plan_indicators
MATCH (p:Plan {id: $plan_id})-[:HAS_INDICATOR]->(i:Indicator) DETACH DELETE i;

// name: delete_asserted_implements
MATCH (a:Instrument)-[r:IMPLEMENTS]->(b:Instrument) WHERE r.asserted_by = $plan_id DELETE r;

// name: delete_asserted_stops
MATCH (a:Instrument)-[r:STOPS]->(b:Instrument) WHERE r.asserted_by = $plan_id DELETE r;

// name: delete_asserted_replaces
MATCH (a:Instrument)-[r:REPLACES]->(b:Instrument) WHERE r.asserted_by = $plan_id DELETE r;

// name: delete_plan
MATCH (p:Plan {id: $plan_id}) DETACH DELETE p;

// name: create_plans
UNWIND $rows AS r
CREATE (p:Plan {id: r.id, file: r.file, sha256: r.sha256, extraction_sha: r.extraction_sha,
  doc_type: r.doc_type, number: r.number, symbol: r.symbol, issuer: r.issuer, jurisdiction: r.jurisdiction,
  date: r.date, year: r.year, draft: r.draft, title: r.title, signer: r.signer,
  instrument_key: r.instrument_key, ingested_at: r.ingested_at, extractor_version: r.extractor_version});

// name: merge_instruments
UNWIND $rows AS r
MERGE (i:Instrument {key: r.key})
ON CREATE SET i.number = r.number, i.symbol = r.symbol, i.doc_type = r.doc_type, i.date = r.date,
  i.issuer = r.issuer, i.dated = r.dated, i.ambiguous = false
ON MATCH SET i.doc_type = coalesce(i.doc_type, r.doc_type), i.issuer = coalesce(i.issuer, r.issuer);

// name: merge_organizations
UNWIND $rows AS r
MERGE (o:Organization {id: r.id})
ON CREATE SET o.name = r.name, o.name_cf = r.name_cf, o.jurisdiction = r.jurisdiction, o.generic = r.generic;

// name: create_tasks
UNWIND $rows AS r
CREATE (t:Task {id: r.id, plan_id: r.plan_id, ordinal: r.ordinal, position: r.position, source: r.source,
  group_name: r.group_name, text: r.text, deliverable: r.deliverable, deadline_raw: r.deadline_raw,
  deadline_kind: r.deadline_kind, deadline_start: r.deadline_start, deadline_end: r.deadline_end,
  recurrence: r.recurrence, condition: r.condition, note: r.note, confidence: r.confidence,
  page: r.page, line_start: r.line_start, line_end: r.line_end, table_row: r.table_row,
  request_type: r.request_type, request_family: r.request_family,
  request_title: r.request_title, request_evidence: r.request_evidence, request_due: r.request_due});

// name: create_indicators
UNWIND $rows AS r
CREATE (i:Indicator {id: r.id, plan_id: r.plan_id, position: r.position, text: r.text, value: r.value,
  max: r.max, unit: r.unit, comparator: r.comparator, target_year: r.target_year, footnote: r.footnote,
  values_json: r.values_json, page: r.page, line_start: r.line_start});

// name: link_has_task
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Task {id: r.to}) CREATE (a)-[:HAS_TASK]->(b);

// name: link_led_by
UNWIND $rows AS r MATCH (a:Task {id: r.from}) MATCH (b:Organization {id: r.to}) CREATE (a)-[:LED_BY]->(b);

// name: link_supported_by
UNWIND $rows AS r MATCH (a:Task {id: r.from}) MATCH (b:Organization {id: r.to}) CREATE (a)-[:SUPPORTED_BY]->(b);

// name: link_has_indicator
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Indicator {id: r.to}) CREATE (a)-[:HAS_INDICATOR]->(b);

// name: link_sourced_from_instrument
UNWIND $rows AS r MATCH (a:Indicator {id: r.from}) MATCH (b:Instrument {key: r.to}) CREATE (a)-[:SOURCED_FROM]->(b);

// name: link_sourced_from_organization
UNWIND $rows AS r MATCH (a:Indicator {id: r.from}) MATCH (b:Organization {id: r.to}) CREATE (a)-[:SOURCED_FROM]->(b);

// name: link_for_task
UNWIND $rows AS r MATCH (a:Indicator {id: r.from}) MATCH (b:Task {id: r.to}) CREATE (a)-[:FOR_TASK]->(b);

// name: link_is
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Instrument {key: r.to}) CREATE (a)-[:`IS`]->(b);

// name: plan_implements
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:IMPLEMENTS {evidence: r.evidence, provenance: r.provenance}]->(b);

// name: plan_based_on
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:BASED_ON {evidence: r.evidence}]->(b);

// name: plan_replaces
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:REPLACES {evidence: r.evidence}]->(b);

// name: plan_stops
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:STOPS {evidence: r.evidence}]->(b);

// name: plan_mentions
UNWIND $rows AS r MATCH (a:Plan {id: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:MENTIONS {evidence: r.evidence}]->(b);

// name: chain_implements
UNWIND $rows AS r MATCH (a:Instrument {key: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:IMPLEMENTS {asserted_by: r.plan, evidence: r.evidence, provenance: r.provenance}]->(b);

// name: chain_stops
UNWIND $rows AS r MATCH (a:Instrument {key: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:STOPS {asserted_by: r.plan, evidence: r.evidence}]->(b);

// name: chain_replaces
UNWIND $rows AS r MATCH (a:Instrument {key: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:REPLACES {asserted_by: r.plan, evidence: r.evidence}]->(b);

// name: instruments_by_symbols
MATCH (i:Instrument) WHERE i.symbol IN $symbols
RETURN i.key AS key, i.symbol AS symbol, i.dated AS dated, i.ambiguous AS ambiguous;

// name: resolutions_by_symbols
MATCH (a:Instrument)-[:RESOLVES_TO]->(b:Instrument) WHERE a.symbol IN $symbols
RETURN a.key AS from_key, b.key AS to_key;

// name: create_resolutions
UNWIND $rows AS r MATCH (a:Instrument {key: r.from}) MATCH (b:Instrument {key: r.to})
CREATE (a)-[:RESOLVES_TO]->(b);

// name: delete_resolutions
UNWIND $rows AS r MATCH (a:Instrument {key: r.from})-[x:RESOLVES_TO]->(b:Instrument {key: r.to}) DELETE x;

// name: set_ambiguous
UNWIND $rows AS r MATCH (i:Instrument {key: r.key}) SET i.ambiguous = r.ambiguous;

// name: unlinked_instruments
MATCH (i:Instrument)
WHERE NOT EXISTS { MATCH (:Plan)-[]->(i) } AND NOT EXISTS { MATCH (:Indicator)-[]->(i) }
  AND NOT EXISTS { MATCH (i)-[:IMPLEMENTS|STOPS|REPLACES]-(:Instrument) }
RETURN i.key AS key, i.symbol AS symbol;

// name: delete_instruments
UNWIND $keys AS k MATCH (i:Instrument {key: k}) DETACH DELETE i;

// name: delete_unlinked_organizations
MATCH (o:Organization) WHERE NOT EXISTS { MATCH (o)-[]-() } DELETE o;

// name: merge_failure
MERGE (l:IngestLog {id: $id})
SET l.file = $file, l.stage = $stage, l.error_type = $error_type, l.message = $message, l.at = $at;

// name: failures_for_file
MATCH (l:IngestLog) WHERE l.file = $file RETURN l.id AS id;

// name: delete_failures_for_file
MATCH (l:IngestLog) WHERE l.file = $file DELETE l;
