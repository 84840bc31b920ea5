// Group commit for autosaves. Every commit appends each page it changed to SQLite's write-ahead log, and the
// background checkpointer copies those pages back later: saved one by one, 50 respondents autosaving at once write
// their revision, answer and response pages 50 times over. Saves that arrive while the event loop is busy are
// instead written together in one transaction, each in its own savepoint (a refused save leaves the others intact),
// and each is acknowledged only after that commit, so an acknowledged save is as durable as before.
import type { AppDatabase } from "../db/client";
import type { RespondentInvitation } from "./repository";
import type { AnswerInput } from "./schemas";
import { saveAnswers, type SaveResult, type SaveSource } from "./service";

type SaveOptions = { source: SaveSource; now: Date; lastPage?: string | null };

interface PendingSave {
  invitation: RespondentInvitation;
  answers: AnswerInput[];
  options: SaveOptions;
  resolve: (result: SaveResult) => void;
  reject: (error: unknown) => void;
}

type CurrentState = Pick<RespondentInvitation, "assessmentStatus" | "invitationStatus" | "responseId" | "responseStatus"> & { revoked: number };

/** At most this many saves share a transaction, so one commit never holds the write lock for long. */
const MAX_BATCH = 200;

export class SaveBatcher {
  private pending: PendingSave[] = [];
  private scheduled = false;
  private readonly statusOf;

  constructor(private readonly database: AppDatabase) {
    // Read again inside the batch's transaction: since the request read its invitation the round may have closed,
    // the link been withdrawn, or an earlier save of the same batch created the response.
    this.statusOf = database.sqlite.prepare(`
      select a.status as assessmentStatus, i.revoked_at is not null as revoked, i.status as invitationStatus,
             r.id as responseId, r.status as responseStatus
      from invitations i join assessments a on a.id = i.assessment_id left join responses r on r.invitation_id = i.id
      where i.id = ?`);
  }

  /** Queues the save; resolves once it is committed, rejects with the save's own error (e.g. the round closed). */
  save(invitation: RespondentInvitation, answers: AnswerInput[], options: SaveOptions): Promise<SaveResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ invitation, answers, options, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the current poll phase: every request whose body has arrived by then joins this batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, MAX_BATCH);
    this.scheduled = false;
    if (this.pending.length) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    const outcomes: ({ ok: SaveResult } | { error: unknown })[] = [];
    try {
      this.database.sqlite
        .transaction(() => {
          for (const entry of batch) {
            try {
              const current = this.statusOf.get(entry.invitation.invitationId) as CurrentState | undefined;
              if (current) Object.assign(entry.invitation, { ...current, revoked: current.revoked === 1 });
              // Inside the batch's transaction saveAnswers runs in a savepoint: if it throws, only its writes roll back.
              outcomes.push({ ok: saveAnswers(this.database, entry.invitation, entry.answers, entry.options) });
            } catch (error) {
              outcomes.push({ error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is saved, and every request says so.
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if ("ok" in outcome) entry.resolve(outcome.ok);
      else entry.reject(outcome.error);
    });
  }
}
