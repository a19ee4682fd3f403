/** Whether the SDK stored a session for this server + entry point: lets the widget resume a chat on page load. */
export function hasStoredSession(baseUrl: string, entryPoint: string): boolean {
  try {
    return localStorage.getItem(`frontline.chat:${baseUrl}|${entryPoint}`) !== null;
  } catch {
    return false;
  }
}
