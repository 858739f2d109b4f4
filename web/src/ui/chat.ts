// cove.ui.chat: after each reply, Python sends the conversation (`{messages: [{role, text}]}`)
// and the chat box shows it. Text only (textContent): a model's reply is never parsed as HTML.

export function showConversation(root: HTMLElement, message: unknown): void {
  if (root.dataset["coveUi"] !== "chat") return;
  const list = (message as { messages?: unknown } | null)?.messages;
  const history = root.querySelector(".cove-chat-history");
  if (!Array.isArray(list) || !history) return;
  history.replaceChildren(
    ...list.map((m: { role?: unknown; text?: unknown }) => {
      const row = document.createElement("div");
      row.className = `cove-chat-${String(m.role ?? "user")}`;
      row.textContent = String(m.text ?? "");
      return row;
    }),
  );
  const input = root.querySelector<HTMLInputElement>("input.cove-chat-input");
  if (input) input.value = "";
}
