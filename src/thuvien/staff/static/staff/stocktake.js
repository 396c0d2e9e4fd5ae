// The stock-take scanner: one field that keeps the focus; every scan is kept in the browser
// (IndexedDB) first and sent in batches, so a count goes on without a network and nothing is
// lost when the page is reloaded. Each scan has its own id: a batch sent twice (the answer was
// lost on the way back) counts once on the server.
(() => {
  "use strict";
  const form = document.getElementById("scan-form");
  if (!form) return;
  const field = document.getElementById("scan-barcode");
  const place = document.getElementById("scan-location");
  const status = document.getElementById("scan-status");
  const take = form.dataset.take;
  const endpoint = form.dataset.endpoint;
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const BATCH = 200;
  let db = null;
  let sending = false;

  const newId = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

  const request = (r) =>
    new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });

  function open() {
    const r = indexedDB.open("thuvien-stocktake", 1);
    r.onupgradeneeded = () => {
      const store = r.result.createObjectStore("scans", { keyPath: "id" });
      store.createIndex("take", "take");
    };
    return request(r);
  }

  const store = (mode) => db.transaction("scans", mode).objectStore("scans");
  const mine = async () => (await request(store("readonly").index("take").getAll(take))) || [];

  async function counts() {
    const all = await mine();
    document.getElementById("scan-local").textContent = all.length;
    document.getElementById("scan-pending").textContent = all.filter((s) => !s.sent).length;
  }

  function say(text) {
    status.textContent = text;
  }

  async function add(barcode) {
    const scan = {
      id: newId(),
      take,
      barcode,
      location: place.value.trim(),
      at: new Date().toISOString(),
      sent: 0,
    };
    await request(store("readwrite").put(scan));
    const line = document.createElement("li");
    line.textContent = `${barcode}${scan.location ? ` · ${scan.location}` : ""}`;
    const list = document.getElementById("scan-recent");
    list.prepend(line);
    while (list.children.length > 20) list.lastElementChild.remove();
    say(`Đã quét ${barcode}.`);
    await counts();
    sync();
  }

  async function sync() {
    if (sending || !db) return;
    sending = true;
    try {
      for (;;) {
        const pending = (await mine()).filter((s) => !s.sent).slice(0, BATCH);
        if (!pending.length) break;
        const body = JSON.stringify({
          scans: pending.map(({ id, barcode, location, at }) => ({ id, barcode, location, at })),
        });
        let answer;
        try {
          answer = await fetch(endpoint, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
            body,
          });
        } catch (_offline) {
          say(`Mất mạng: ${pending.length} lượt quét đang chờ gửi, cứ tiếp tục quét.`);
          break;
        }
        const result = await answer.json().catch(() => ({}));
        if (!answer.ok) {
          say(result.detail || `Máy chủ trả lời lỗi ${answer.status}; các lượt quét vẫn được giữ.`);
          break;
        }
        const tx = store("readwrite");
        for (const scan of pending) tx.put({ ...scan, sent: 1 });
        await new Promise((resolve) => {
          tx.transaction.oncomplete = resolve;
        });
        document.getElementById("scan-total").textContent = result.total;
        say(`Đã gửi ${pending.length} lượt quét (${result.accepted} mới).`);
      }
    } finally {
      sending = false;
      await counts();
    }
  }

  form.addEventListener("submit", (event) => event.preventDefault());
  field.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const barcode = field.value.trim();
    field.value = "";
    if (barcode) add(barcode);
  });
  // A scanner types into whatever has the focus: give it back to the barcode field unless the
  // librarian is changing the location.
  field.addEventListener("blur", () => {
    setTimeout(() => {
      if (document.activeElement !== place) field.focus();
    }, 0);
  });
  place.addEventListener("change", () => field.focus());
  window.addEventListener("online", sync);
  // The page itself opens offline too, once a service worker kept it (secure origins only:
  // https, or localhost).
  if ("serviceWorker" in navigator && form.dataset.worker) {
    navigator.serviceWorker.register(form.dataset.worker).catch(() => {});
  }
  setInterval(sync, 15000);

  // A phone without a scanner: its camera reads the barcodes where the browser can
  // (BarcodeDetector: Chrome on Android); elsewhere the button stays hidden.
  const camera = document.getElementById("scan-camera");
  const video = document.getElementById("scan-video");
  let stream = null;
  const stopCamera = () => {
    stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    camera.textContent = "Quét bằng camera";
  };
  async function startCamera() {
    const detector = new window.BarcodeDetector();
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    camera.textContent = "Tắt camera";
    await video.play();
    let last = "";
    const look = async () => {
      if (!stream) return;
      const codes = await detector.detect(video).catch(() => []);
      const value = codes.length ? codes[0].rawValue : "";
      if (value && value !== last) add(value); // a copy held still in front counts once
      last = value || last;
      setTimeout(look, 250);
    };
    look();
  }
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    camera.hidden = false;
    camera.addEventListener("click", () => {
      if (stream) stopCamera();
      else startCamera().catch(() => say("Không mở được camera; hãy dùng máy quét hoặc gõ mã."));
    });
  }

  open()
    .then((opened) => {
      db = opened;
      field.focus();
      return counts().then(sync);
    })
    .catch(() => say("Trình duyệt không cho lưu dữ liệu (IndexedDB): không quét được khi mất mạng."));
})();
