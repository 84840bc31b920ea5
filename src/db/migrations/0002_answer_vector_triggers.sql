-- Answer vectors: responses.answer_vector holds a response's current answers packed for scoring, 4 characters per
-- item of its pinned instrument version in document order: the kind (a = answered, n = not applicable,
-- d = don't know, - = no answer) and the current, target and importance digits ("-" when empty). Triggers keep it
-- equal to the answers table whatever writes there, so scoring reads 10,000 short strings instead of a million rows.

-- Item positions of every pinned version: document order (levels, then dimensions, then items).
INSERT OR IGNORE INTO instrument_item_positions (instrument_version, item_id, position)
SELECT v.version, json_extract(i.value, '$.id'),
       row_number() OVER (PARTITION BY v.version ORDER BY l.key, d.key, i.key) - 1
FROM instrument_versions v, json_each(v.content, '$.levels') l, json_each(l.value, '$.dimensions') d, json_each(d.value, '$.items') i;
--> statement-breakpoint
CREATE TRIGGER instrument_versions_item_positions AFTER INSERT ON instrument_versions BEGIN
  INSERT OR IGNORE INTO instrument_item_positions (instrument_version, item_id, position)
  SELECT NEW.version, json_extract(i.value, '$.id'), row_number() OVER (ORDER BY l.key, d.key, i.key) - 1
  FROM json_each(NEW.content, '$.levels') l, json_each(l.value, '$.dimensions') d, json_each(d.value, '$.items') i;
END;
--> statement-breakpoint
-- Existing responses: their vector from their current answers.
UPDATE responses SET answer_vector = (
  SELECT group_concat(
           coalesce(CASE a.kind WHEN 'answered' THEN 'a' WHEN 'na' THEN 'n' WHEN 'dontknow' THEN 'd' END
                    || coalesce(a.current, '-') || coalesce(a.target, '-') || coalesce(a.importance, '-'), '----'),
           '' ORDER BY p.position)
  FROM instrument_item_positions p
  JOIN assessments s ON s.instrument_version = p.instrument_version AND s.id = responses.assessment_id
  LEFT JOIN answers a ON a.response_id = responses.id AND a.item_id = p.item_id
);
--> statement-breakpoint
CREATE TRIGGER responses_answer_vector_start AFTER INSERT ON responses WHEN NEW.answer_vector IS NULL BEGIN
  UPDATE responses SET answer_vector = printf('%.*c', 4 * (
    SELECT count(*) FROM instrument_item_positions p JOIN assessments s ON s.instrument_version = p.instrument_version
    WHERE s.id = NEW.assessment_id), '-')
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER answers_answer_vector_insert AFTER INSERT ON answers BEGIN
  UPDATE responses SET answer_vector = substr(answer_vector, 1, 4 * p.position)
      || CASE NEW.kind WHEN 'answered' THEN 'a' WHEN 'na' THEN 'n' WHEN 'dontknow' THEN 'd' ELSE '-' END
      || coalesce(NEW.current, '-') || coalesce(NEW.target, '-') || coalesce(NEW.importance, '-')
      || substr(answer_vector, 4 * p.position + 5)
  FROM (SELECT ip.position FROM instrument_item_positions ip JOIN assessments s ON s.instrument_version = ip.instrument_version
        JOIN responses r ON r.assessment_id = s.id WHERE r.id = NEW.response_id AND ip.item_id = NEW.item_id) p
  WHERE responses.id = NEW.response_id AND length(answer_vector) >= 4 * p.position + 4;
END;
--> statement-breakpoint
CREATE TRIGGER answers_answer_vector_update AFTER UPDATE ON answers BEGIN
  UPDATE responses SET answer_vector = substr(answer_vector, 1, 4 * p.position)
      || CASE NEW.kind WHEN 'answered' THEN 'a' WHEN 'na' THEN 'n' WHEN 'dontknow' THEN 'd' ELSE '-' END
      || coalesce(NEW.current, '-') || coalesce(NEW.target, '-') || coalesce(NEW.importance, '-')
      || substr(answer_vector, 4 * p.position + 5)
  FROM (SELECT ip.position FROM instrument_item_positions ip JOIN assessments s ON s.instrument_version = ip.instrument_version
        JOIN responses r ON r.assessment_id = s.id WHERE r.id = NEW.response_id AND ip.item_id = NEW.item_id) p
  WHERE responses.id = NEW.response_id AND length(answer_vector) >= 4 * p.position + 4;
END;
--> statement-breakpoint
CREATE TRIGGER answers_answer_vector_delete AFTER DELETE ON answers BEGIN
  UPDATE responses SET answer_vector = substr(answer_vector, 1, 4 * p.position) || '----' || substr(answer_vector, 4 * p.position + 5)
  FROM (SELECT ip.position FROM instrument_item_positions ip JOIN assessments s ON s.instrument_version = ip.instrument_version
        JOIN responses r ON r.assessment_id = s.id WHERE r.id = OLD.response_id AND ip.item_id = OLD.item_id) p
  WHERE responses.id = OLD.response_id AND length(answer_vector) >= 4 * p.position + 4;
END;
