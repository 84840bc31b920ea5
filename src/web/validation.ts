// Moved to src/errors.ts (services import it there, never from web/); kept so older imports still resolve.
export { describeFieldErrors, fieldErrorsOf, parseInput } from "../errors";
