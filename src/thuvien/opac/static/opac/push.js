// The reader opts in to (or out of) notices by Web Push on this device (opac/pwa.py).
(async () => {
  const box = document.getElementById("push");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  const { key } = await (await fetch(box.dataset.keyUrl)).json();
  if (!key) return; // the library has not turned Web Push on
  box.hidden = false;
  const status = box.querySelector("[data-push-status]");
  const csrf = box.querySelector("input[name=csrfmiddlewaretoken]").value;
  const bytes = (b64) => Uint8Array.from(
    atob(b64.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((b64.length + 3) % 4)),
    (c) => c.charCodeAt(0));
  const tell = async (body) => {
    const answer = await fetch(box.dataset.url, {
      method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    const reply = await answer.json();
    status.textContent = reply.message || reply.error;
  };
  box.querySelector("[data-push=on]").addEventListener("click", async () => {
    const registration = await navigator.serviceWorker.ready;
    try {
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: bytes(key),
      });
      await tell(subscription.toJSON());
    } catch (error) {
      status.textContent = box.dataset.refused || String(error);
    }
  });
  box.querySelector("[data-push=off]").addEventListener("click", async () => {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) {
      await tell({ endpoint: subscription.endpoint, remove: true });
      await subscription.unsubscribe();
    }
  });
})();
