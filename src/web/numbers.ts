// Moved to src/numbers.ts (input parsing is outside web/, beside src/errors.ts); kept so older imports still resolve.
export * from "../numbers";
