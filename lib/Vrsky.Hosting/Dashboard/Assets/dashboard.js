// Vrsky dashboard: live updates over server-sent events, secret reveal, resource commands, console tail.
// Pages are rendered on the server; this script only swaps fragments the server sends.
"use strict";

const MASK = "••••••••";
const MAX_CONSOLE_LINES = 10000;
const revealed = new Set();

function setSecret(span, show) {
  span.textContent = show ? span.dataset.value : MASK;
  const button = span.nextElementSibling;
  if (button && button.classList.contains("reveal")) button.textContent = show ? "Hide" : "Show";
}

// Secrets stay revealed when the details panel is re-rendered by a live update.
function restoreSecrets(root) {
  root.querySelectorAll(".secret").forEach(s => { if (revealed.has(s.dataset.value)) setSecret(s, true); });
}

document.addEventListener("click", async event => {
  const target = event.target;
  if (target.classList.contains("reveal")) {
    const span = target.previousElementSibling;
    const show = span.textContent === MASK;
    show ? revealed.add(span.dataset.value) : revealed.delete(span.dataset.value);
    setSecret(span, show);
  } else if (target.classList.contains("reveal-all")) {
    target.closest("section").querySelectorAll(".secret").forEach(s => { revealed.add(s.dataset.value); setSecret(s, true); });
  } else if (target.dataset.command) {
    target.disabled = true;
    const name = target.dataset.resource;
    const response = await fetch(`/api/resources/${encodeURIComponent(name)}/commands/${target.dataset.command}`, { method: "POST" });
    status(response.ok ? `${target.dataset.command}: ${name} done` : `${target.dataset.command} refused: ${await response.text()}`);
    target.disabled = false;
  }
});

function status(text) {
  let bar = document.getElementById("status");
  if (!bar) {
    bar = document.createElement("div");
    bar.id = "status";
    document.body.appendChild(bar);
  }
  bar.textContent = text;
}

function resources() {
  const table = document.getElementById("resources");
  if (!table) return;
  const source = new EventSource(table.dataset.stream);
  source.addEventListener("resources", e => { document.getElementById("resources-body").innerHTML = e.data; });
  source.addEventListener("details", e => {
    const details = document.getElementById("resource-details");
    details.innerHTML = e.data;
    restoreSecrets(details);
  });
}

function consoleTail() {
  const box = document.getElementById("console");
  if (!box || !box.dataset.stream) return;
  const filter = document.getElementById("console-filter");
  const timestamps = document.getElementById("console-timestamps");
  const count = document.getElementById("console-count");
  const matches = line => !filter.value || line.textContent.toLowerCase().includes(filter.value.toLowerCase());
  const source = new EventSource(box.dataset.stream);
  // Lines come in batches (the kept history in a few events): one insertion and one layout per batch, not per line.
  source.addEventListener("lines", e => {
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    const first = box.childElementCount;
    box.insertAdjacentHTML("beforeend", JSON.parse(e.data).map(data =>
      `<div class="${data.e ? "line stderr" : "line"}"><span class="ts">${data.t}</span><span class="replica">[${data.r}]</span> ${data.h}</div>`).join(""));
    if (filter.value) {
      for (let line = box.children[first]; line; line = line.nextElementSibling) line.hidden = !matches(line);
    }
    while (box.childElementCount > MAX_CONSOLE_LINES) box.firstElementChild.remove();
    count.textContent = `${box.childElementCount} lines`;
    if (atBottom) box.scrollTop = box.scrollHeight;
  });
  filter.addEventListener("input", () => box.querySelectorAll(".line").forEach(l => { l.hidden = !matches(l); }));
  timestamps.addEventListener("change", () => box.classList.toggle("no-ts", !timestamps.checked));
}

// Telemetry pages re-render a fragment every few seconds, unless the reader has a row open.
function liveFragments() {
  document.querySelectorAll("[data-live]").forEach(element => {
    setInterval(async () => {
      if (document.hidden || element.querySelector("details[open]")) return;
      const response = await fetch(location.href, { headers: { "Accept": "text/html" } });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(element.id);
      if (fresh) element.innerHTML = fresh.innerHTML;
    }, Number(element.dataset.live));
  });
}

resources();
consoleTail();
liveFragments();
