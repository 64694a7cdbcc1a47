// Question: which files failed to ingest, at which stage and why (the quarantine records)?
// Parameters: none.
// Columns: file, stage, error_type, message, at.
MATCH (l:IngestLog)
RETURN l.file AS file, l.stage AS stage, l.error_type AS error_type, l.message AS message, l.at AS at
ORDER BY file, stage;
