// kehoach web: drag-and-drop uploads, evidence highlighting, job progress. No library, no network but ours.
"use strict";

function setupDrops() {
  document.querySelectorAll("[data-drop]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var chosen = zone.querySelector(".chosen");
    function show() {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      chosen.textContent = names.length ? "Đã chọn: " + names.join(", ") : "Chưa chọn tệp nào";
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
  });
}

function setupEvidence() {
  var pane = document.getElementById("doc-text");
  if (!pane) return;
  // offsets are code points of the extracted text: slice an array of code points, not UTF-16 units
  var chars = Array.from(pane.textContent);
  document.querySelectorAll("button.ev").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var start = parseInt(btn.dataset.start, 10), end = parseInt(btn.dataset.end, 10);
      pane.textContent = "";
      var mark = document.createElement("mark");
      mark.id = "evidence";
      mark.textContent = chars.slice(start, end).join("");
      pane.append(chars.slice(0, start).join(""), mark, chars.slice(end).join(""));
      document.querySelectorAll("button.ev.active").forEach(function (b) { b.classList.remove("active"); });
      btn.classList.add("active");
      // scroll the text pane only (the outline the clerk clicked in stays where it is)
      pane.scrollTop = Math.max(0, mark.offsetTop - pane.clientHeight / 3);
    });
  });
}

function setupProgress() {
  var box = document.querySelector("[data-job]");
  if (!box) return;
  var id = box.dataset.job;
  function poll() {
    fetch("/job/" + id + "/status", { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state !== "running") { window.location.reload(); return; }
        document.getElementById("stage").textContent = s.stage;
        document.getElementById("progress").value = s.percent;
        document.getElementById("elapsed").textContent = Math.round(s.elapsed);
        setTimeout(poll, 700);
      }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 400);
}

// a page shown again from the back/forward cache gets its buttons back
window.addEventListener("pageshow", function (e) {
  if (!e.persisted) return;
  document.querySelectorAll("button[type=submit][data-label]").forEach(function (b) {
    b.disabled = false; b.textContent = b.dataset.label;
  });
});

function setupSubmit() {
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var b = form.querySelector("button[type=submit]");
      if (b) { b.dataset.label = b.textContent; b.disabled = true; b.textContent = "Đang gửi…"; }
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setupDrops(); setupEvidence(); setupProgress(); setupSubmit();
});
