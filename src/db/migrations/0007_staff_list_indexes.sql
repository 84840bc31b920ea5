CREATE INDEX IF NOT EXISTS `audit_action` ON `audit_log` (`action`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `invitations_assessment_order` ON `invitations` (`assessment_id`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `invitations_facets` ON `invitations` (`assessment_id`,`organisation_id`,`status`,`language`,`levels`,`revoked_at`);