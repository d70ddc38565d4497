// nosfolio's one script: comforts only. Every form works without it.
"use strict";

// Buttons that need this script are hidden until it runs.
document.querySelectorAll("[data-print]").forEach(function (button) {
  var frame = document.getElementById(button.getAttribute("data-print"));
  if (!frame) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    frame.contentWindow.focus();
    frame.contentWindow.print();
  });
});

// Files dropped on an upload form go into its picker and are sent.
document.querySelectorAll("form.upload").forEach(function (form) {
  var input = form.querySelector("input[type=file]");
  if (!input) return;
  var hint = form.querySelector("[data-drop-hint]");
  if (hint) hint.hidden = false;
  ["dragenter", "dragover"].forEach(function (name) {
    form.addEventListener(name, function (event) {
      event.preventDefault();
      form.classList.add("dropping");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    form.addEventListener(name, function () { form.classList.remove("dropping"); });
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    input.files = event.dataTransfer.files;
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
});

// A filter box shows only the rows (or list items) of its target that
// hold what is typed, without regard to case.
document.querySelectorAll("[data-filter]").forEach(function (box) {
  var target = document.getElementById(box.getAttribute("data-filter"));
  if (!target) return;
  var wrapper = box.closest("[hidden]");
  if (wrapper) wrapper.hidden = false;
  var rows = target.querySelectorAll("tbody tr, li, label");
  var status = document.getElementById(box.getAttribute("aria-controls") + "-count");
  box.addEventListener("input", function () {
    var wanted = box.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var match = wanted === "" || row.textContent.toLowerCase().indexOf(wanted) !== -1;
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (status) status.textContent = wanted === "" ? "" : shown + " of " + rows.length + " shown";
  });
});
