/* The deep-zoom viewer of a record's scans (OpenSeadragon, IIIF Image API 3), with search
   inside the text (IIIF Content Search 2): hits are listed and highlighted on their page. */
"use strict";
document.querySelectorAll("[data-iiif-viewer]").forEach(function (box) {
  if (typeof OpenSeadragon === "undefined") return;
  var tiles = box.dataset.tiles.split(" ");
  var viewer = OpenSeadragon({
    element: box.querySelector(".osd"),
    prefixUrl: box.dataset.images,
    tileSources: tiles,
    sequenceMode: tiles.length > 1,
    showReferenceStrip: tiles.length > 1,
    showRotationControl: true,
    gestureSettingsTouch: { pinchRotate: true },
    crossOriginPolicy: false
  });
  var hits = [];
  function drawHits() {
    viewer.clearOverlays();
    var page = viewer.currentPage ? viewer.currentPage() : 0;
    hits.forEach(function (hit) {
      if (hit.page !== page) return;
      var mark = document.createElement("div");
      mark.className = "hit";
      var item = viewer.world.getItemAt(0);
      if (!item) return;
      viewer.addOverlay({ element: mark, location: item.imageToViewportRectangle(hit.x, hit.y, hit.w, hit.h) });
    });
  }
  viewer.addHandler("open", drawHits);
  var form = box.querySelector("form.search-inside");
  if (!form) return;
  var list = box.querySelector("ol.hits");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = form.elements.q.value.trim();
    if (!q) return;
    fetch(box.dataset.search + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (page) {
        hits = (page.items || []).map(function (a) {
          var target = a.target.split("#xywh=");
          var rect = target[1].split(",").map(Number);
          var n = Number(target[0].split("/canvas/")[1]) - 1;
          return { page: n, x: rect[0], y: rect[1], w: rect[2], h: rect[3], text: a.body.value };
        });
        list.textContent = "";
        hits.forEach(function (hit) {
          var li = document.createElement("li");
          var go = document.createElement("button");
          go.type = "button";
          go.textContent = (hit.page + 1) + ": " + hit.text;
          go.addEventListener("click", function () {
            if (viewer.currentPage() !== hit.page) viewer.goToPage(hit.page); else drawHits();
          });
          li.appendChild(go);
          list.appendChild(li);
        });
        box.dataset.hits = String(hits.length);
        if (hits.length && viewer.currentPage() !== hits[0].page) viewer.goToPage(hits[0].page);
        else drawHits();
      });
  });
});
