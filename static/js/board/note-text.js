// What a note's text may be, checked in the browser before it is sent: not empty, and not
// longer than the server keeps, counted as the server counts (without the spaces around it).
import { format } from "./util.js";

// Characters, not UTF-16 units: an emoji is one character to the writer and to the server.
export function textLength(text) {
  return [...text.trim()].length;
}

// The message for the writer, in the page's language; "" when the text may be sent.
export function textProblem(text, { maxLength, strings }) {
  const length = textLength(text);
  if (!length) return strings.empty;
  if (length > maxLength) return format(strings.too_long, { limit: maxLength, length });
  return "";
}

export function charsLeft(text, maxLength) {
  return Math.max(0, maxLength - textLength(text));
}
