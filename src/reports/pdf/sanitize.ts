// Cleans any text before it is drawn into the PDF: names, questions and comments come from people and may carry
// control characters, bidirectional overrides, broken surrogates or stray markup. Markup needs no escaping (a PDF
// shows text as text); the rest is removed so that it cannot garble the layout or hide what a text says.

// C0 controls except tab and newline, DEL, and the C1 controls.
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Bidirectional embeddings, overrides, isolates and marks: the layout resolves direction itself, and an override
// in a name could make it read as something else ("spoofing").
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Byte-order mark, interlinear annotation, object replacement and noncharacters.
const invisible = /[\ufeff\ufff9-\ufffc\ufffe\uffff]/g;
// Half of a surrogate pair without its other half: not a character at all.
const loneSurrogates = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface CleanOptions {
  /** Keep line breaks (comments, long texts); otherwise every run of white space becomes one space. */
  multiline?: boolean;
}

export function cleanText(value: string, options: CleanOptions = {}): string {
  const text = value
    .replace(loneSurrogates, "\ufffd")
    // Unicode line and paragraph separators (and NEL) act as line breaks.
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/\t/g, " ")
    .replace(controls, "")
    .replace(bidiControls, "")
    .replace(invisible, "");
  if (!options.multiline) return text.replace(/\s+/g, " ").trim();
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
