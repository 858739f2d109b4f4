// HTML escaping, identical to py/cove/_output/_escape.py's `escape` so both sides produce the
// same markup for the same output.
const MAP: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => MAP[ch]!);
}
