// The portal's service worker (offline card and loans), registered from a file so that the
// Content-Security-Policy can refuse every inline script.
const worker = document.currentScript?.dataset.worker
  ?? document.querySelector("script[data-worker]")?.dataset.worker;
if (worker && "serviceWorker" in navigator) navigator.serviceWorker.register(worker, { scope: "/" });
