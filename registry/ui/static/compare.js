// The comparison pages: picking a finding (or following a link to its lines) highlights every line it concerns.
// Without this script the links still jump to the first line, which the stylesheet marks (:target).
"use strict";
(() => {
  const clear = () => {
    for (const lit of document.querySelectorAll(".lit, .lit-side")) lit.classList.remove("lit", "lit-side");
  };
  const light = (finding) => {
    clear();
    finding.classList.add("lit");
    for (const range of (finding.dataset.lines || "").split(" ").filter(Boolean)) {
      const [side, span] = range.split(":");
      const [first, last] = span.split("-").map(Number);
      for (let line = first; line <= last; line++) {
        const cell = document.getElementById(`${side}-L${line}`);
        if (cell === null) continue;
        cell.parentElement.classList.add("lit");
        cell.nextElementSibling.classList.add("lit-side");
      }
    }
  };
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("a.target") : null;
    if (target === null) return;
    const finding = document.getElementById(`finding-${target.dataset.finding}`);
    if (finding !== null) light(finding);
  });
  const fromHash = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const finding = id.startsWith("finding-") ? document.getElementById(id) : null;
    if (finding !== null) light(finding);
  };
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
