-- Results versions (src/reports/cache.ts): a counter per assessment that every write to what its report reads
-- bumps, whoever writes (pages, command line, imports, another process). Row 0: the set of assessments and countries,
-- which decides previous rounds and peer groups. Answers need no trigger of their own: every write of one rewrites its
-- response's answer vector (migration 0002), which bumps through responses. Triggers are IF NOT EXISTS so the migration can be re-applied.
CREATE TABLE IF NOT EXISTS `results_versions` (
	`assessment_id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_responses_insert AFTER INSERT ON responses BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_responses_update AFTER UPDATE ON responses BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_responses_delete AFTER DELETE ON responses BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_invitations_insert AFTER INSERT ON invitations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_invitations_update AFTER UPDATE ON invitations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_invitations_delete AFTER DELETE ON invitations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_organisations_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_organisations_update AFTER UPDATE ON organisations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_organisations_delete AFTER DELETE ON organisations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_validations_insert AFTER INSERT ON validations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_validations_update AFTER UPDATE ON validations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_validations_delete AFTER DELETE ON validations BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_validation_events_insert AFTER INSERT ON validation_events BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_validation_events_update AFTER UPDATE ON validation_events BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_validation_events_delete AFTER DELETE ON validation_events BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_evidence_insert AFTER INSERT ON evidence BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_evidence_update AFTER UPDATE ON evidence BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_evidence_delete AFTER DELETE ON evidence BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_evidence_ratings_insert AFTER INSERT ON evidence_ratings BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_evidence_ratings_update AFTER UPDATE ON evidence_ratings BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_evidence_ratings_delete AFTER DELETE ON evidence_ratings BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_report_snapshots_insert AFTER INSERT ON report_snapshots BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_report_snapshots_update AFTER UPDATE ON report_snapshots BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_report_snapshots_delete AFTER DELETE ON report_snapshots BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.assessment_id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_background_answers_insert AFTER INSERT ON background_answers BEGIN
  INSERT INTO results_versions (assessment_id, version) SELECT assessment_id, 1 FROM responses WHERE id = NEW.response_id ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_background_answers_update AFTER UPDATE ON background_answers BEGIN
  INSERT INTO results_versions (assessment_id, version) SELECT assessment_id, 1 FROM responses WHERE id = NEW.response_id ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_background_answers_delete AFTER DELETE ON background_answers BEGIN
  INSERT INTO results_versions (assessment_id, version) SELECT assessment_id, 1 FROM responses WHERE id = OLD.response_id ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_assessments_insert AFTER INSERT ON assessments BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
  INSERT INTO results_versions (assessment_id, version) VALUES (0, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_assessments_update AFTER UPDATE ON assessments BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (NEW.id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
  INSERT INTO results_versions (assessment_id, version) VALUES (0, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_assessments_delete AFTER DELETE ON assessments BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (OLD.id, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
  INSERT INTO results_versions (assessment_id, version) VALUES (0, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_countries_insert AFTER INSERT ON countries BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (0, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_countries_update AFTER UPDATE ON countries BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (0, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS results_version_countries_delete AFTER DELETE ON countries BEGIN
  INSERT INTO results_versions (assessment_id, version) VALUES (0, 1) ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;
