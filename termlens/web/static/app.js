// termlens pages: drag-and-drop upload, the copy button, jumps to quotes. Served from /static: the CSP
// (script-src 'self') runs no inline script, so nothing a document contains can ever execute.
"use strict";

function megabytes(bytes) {
  return (bytes / 1048576).toFixed(1) + " MB";
}

function setUpUpload() {
  const zone = document.getElementById("dropzone");
  if (!zone) return;
  const input = document.getElementById("files");
  const chosen = document.getElementById("chosen");
  const problem = document.getElementById("upload-problem");
  const maxBytes = Number(zone.dataset.maxBytes);
  const maxFiles = Number(zone.dataset.maxFiles);

  // Say what was picked, and refuse too many or too large files before uploading them at all.
  function show() {
    const files = Array.from(input.files);
    chosen.replaceChildren(...files.map((file) => {
      const item = document.createElement("li");
      item.textContent = file.name + " · " + megabytes(file.size);
      return item;
    }));
    const large = files.filter((file) => file.size > maxBytes).map((file) => file.name);
    let message = "";
    if (files.length > maxFiles) message = "At most " + maxFiles + " files at once.";
    else if (large.length) message = large.join(", ") + ": over the " + megabytes(maxBytes) + " limit per file.";
    if (message || files.length) {  // keep a "choose a document" message until something is chosen
      problem.textContent = message;
      problem.hidden = !message;
    }
    zone.classList.toggle("has-files", files.length > 0);
  }

  input.addEventListener("change", show);
  show();  // files picked before this script ran (or kept by the browser on "back") are shown too
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => { event.preventDefault(); zone.classList.add("dragging"); });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
  document.getElementById("upload-form").addEventListener("submit", (event) => {
    if (!problem.hidden || !input.files.length) {
      event.preventDefault();
      if (!input.files.length) { problem.textContent = "Choose or drop at least one document."; problem.hidden = false; }
    }
  });
}

function setUpCopy() {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const label = button.textContent;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(source.value);
      } catch {
        // Over plain http from another machine the Clipboard API is unavailable: fall back to a selection.
        source.select();
        document.execCommand("copy");
      }
      button.textContent = button.dataset.done;
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
}

// Mark the element an anchor id names: a fact's <mark>, or a clause. Two facts may start at one place;
// the second one's id sits on an empty span just before the shared <mark>.
function highlight(id) {
  let target = document.getElementById(id);
  if (!target) return;
  if (target.classList.contains("anchor")) target = target.nextElementSibling || target;
  for (const old of document.querySelectorAll(".current")) old.classList.remove("current");
  target.classList.add("current", "flash");
  target.addEventListener("animationend", () => target.classList.remove("flash"), { once: true });
  target.scrollIntoView({ block: "center" });
}

function setUpJumps() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#fact-'], a[href^='#clause-']");
    if (link) {
      event.preventDefault();
      const id = link.getAttribute("href").slice(1);
      history.replaceState(null, "", "#" + id);
      highlight(id);
      return;
    }
    const mark = event.target.closest("mark[id^='fact-']");
    if (mark) highlight("fact-row-" + mark.id.slice("fact-".length));
  });
  if (location.hash) highlight(location.hash.slice(1));
}

document.addEventListener("DOMContentLoaded", () => {
  setUpUpload();
  setUpCopy();
  setUpJumps();
});
