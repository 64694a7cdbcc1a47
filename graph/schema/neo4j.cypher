// plangraph constraints and indexes for Neo4j 5. Every statement is idempotent (IF NOT EXISTS).
// Same labels, relationship types and properties as schema/ladybug.cypher; Neo4j needs no table DDL.
CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT instrument_key IF NOT EXISTS FOR (n:Instrument) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT indicator_id IF NOT EXISTS FOR (n:Indicator) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ingestlog_id IF NOT EXISTS FOR (n:IngestLog) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (n:Meta) REQUIRE n.key IS UNIQUE;
CREATE INDEX plan_file IF NOT EXISTS FOR (n:Plan) ON (n.file);
CREATE INDEX instrument_symbol IF NOT EXISTS FOR (n:Instrument) ON (n.symbol);
CREATE INDEX task_plan IF NOT EXISTS FOR (n:Task) ON (n.plan_id);
CREATE INDEX indicator_plan IF NOT EXISTS FOR (n:Indicator) ON (n.plan_id);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name_cf);
// lineage: Task.request_family is set on tasks that ask for a document; Task -[:PRODUCES {score, evidence}]-> Plan
// and Task -[:MAY_PRODUCE {score, evidence}]-> Plan (ambiguous candidates) are rewritten by graph/lineage_store.py
CREATE INDEX task_request_family IF NOT EXISTS FOR (n:Task) ON (n.request_family);
