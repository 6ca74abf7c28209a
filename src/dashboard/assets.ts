/**
 * The dashboard's only script and stylesheet, served by the handler itself under
 * <mount>/assets/ (no CDN, no inline code: the CSP allows 'self' only).
 *
 * app.js: light/dark toggle (remembered in localStorage; default follows
 * prefers-color-scheme), confirm() before forms with data-confirm, and live refresh: every
 * data-refresh seconds, while the tab is visible, it fetches the page's JSON endpoint and
 * swaps #view with the server-rendered (escaped) fragment.
 */
export const APP_JS = `"use strict";
(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem("pgfirst-theme"); } catch (e) {}
  if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);
  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.getElementById("theme");
    if (btn) btn.addEventListener("click", function () {
      var cur = root.getAttribute("data-theme") ||
        (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
      var next = cur === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("pgfirst-theme", next); } catch (e) {}
    });
    document.addEventListener("submit", function (ev) {
      var f = ev.target;
      var msg = f && f.getAttribute && f.getAttribute("data-confirm");
      if (msg && !window.confirm(msg)) ev.preventDefault();
    }, true);
    var api = document.body.getAttribute("data-api");
    var every = Number(document.body.getAttribute("data-refresh")) || 0;
    var view = document.getElementById("view");
    var live = document.getElementById("live");
    if (!api || !every || !view) return;
    var busy = false;
    function tick() {
      if (busy || document.hidden) return;
      var a = document.activeElement;
      if (a && view.contains(a) && a.tagName !== "BODY" && a.tagName !== "A") return;
      busy = true;
      fetch(api, { headers: { accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (j) {
          if (typeof j.html === "string") view.innerHTML = j.html;
          if (live) live.textContent = "live · " + new Date().toLocaleTimeString();
          document.body.setAttribute("data-refreshed", String(Date.now()));
        })
        .catch(function (e) { if (live) live.textContent = "refresh failed: " + e.message; })
        .then(function () { busy = false; });
    }
    setInterval(tick, every * 1000);
    document.addEventListener("visibilitychange", function () {
      if (live) live.textContent = document.hidden ? "paused" : live.textContent;
      if (!document.hidden) tick();
    });
    if (live) live.textContent = "live";
  });
})();
`;

export const APP_CSS = `:root{--bg:#f7f7f8;--fg:#1d1f23;--muted:#646a73;--card:#fff;--line:#dfe2e6;--link:#1658c7;--ok:#1f8a4c;--warn:#b26a00;--bad:#c0322b;--done:#2e9e5b;--failed:#e0a100;--dead:#d0443c;--w50:#4b7bec;--w95:#1e3a8a;--r50:#a855f7;--r95:#6b21a8;color-scheme:light}
:root[data-theme=dark]{--bg:#15171a;--fg:#e6e8eb;--muted:#9aa1ab;--card:#1e2125;--line:#30353b;--link:#7fb0ff;--ok:#4cc27f;--warn:#f0a93b;--bad:#ff6b61;--done:#3fbf72;--failed:#f2c230;--dead:#ff6b61;--w50:#7aa2ff;--w95:#c3d3ff;--r50:#d09bff;--r95:#f0ddff;color-scheme:dark}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#15171a;--fg:#e6e8eb;--muted:#9aa1ab;--card:#1e2125;--line:#30353b;--link:#7fb0ff;--ok:#4cc27f;--warn:#f0a93b;--bad:#ff6b61;--done:#3fbf72;--failed:#f2c230;--dead:#ff6b61;--w50:#7aa2ff;--w95:#c3d3ff;--r50:#d09bff;--r95:#f0ddff;color-scheme:dark}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
header{display:flex;align-items:center;gap:16px;padding:8px 16px;background:var(--card);border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
.brand{font-weight:700;font-size:15px}
nav a{margin-right:14px;color:var(--fg)}nav a.on{font-weight:700;border-bottom:2px solid var(--link)}
.right{margin-left:auto;display:flex;gap:10px;align-items:center}
main{padding:12px 16px;max-width:1600px;margin:0 auto}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin-bottom:12px;min-width:0}
.card h2{font-size:14px;margin:0 0 8px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:12px}.grid3{display:grid;grid-template-columns:1fr 1fr 1fr;gap:12px}
.grid2>.wide{grid-column:1/-1}.grid53{display:grid;grid-template-columns:3fr 2fr;gap:12px}
@media (max-width:1000px){.grid2,.grid3,.grid53{grid-template-columns:1fr}}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:3px 8px 3px 0;border-bottom:1px solid var(--line);vertical-align:top;white-space:nowrap}
th{color:var(--muted);font-weight:600}
td.c-last_error{max-width:360px;overflow:hidden;text-overflow:ellipsis}\ntable.kv td{white-space:normal;word-break:break-word}
table.kv th{width:40%}
div.acts{display:flex;gap:4px;justify-content:flex-end}
.sub,.empty{color:var(--muted)}.big{font-size:26px;margin:4px 0}
.badge{display:inline-block;padding:0 6px;border-radius:8px;border:1px solid var(--line);font-size:12px}
.badge.ok{color:var(--ok);border-color:var(--ok)}.badge.warn{color:var(--warn);border-color:var(--warn)}
.st{font-weight:600}.st-dead,.st-failed{color:var(--bad)}.st-done{color:var(--ok)}.st-running{color:var(--link)}.st-cancelled{color:var(--muted)}.st-scheduled{color:var(--warn)}
pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.json{max-height:420px;overflow:auto;background:var(--bg);padding:8px;border-radius:4px}
pre.error,.error{color:var(--bad)}
form.act{display:inline}
button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);cursor:pointer}
button:hover{border-color:var(--link)}button.danger{color:var(--bad)}button.warn{color:var(--warn)}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end;margin-bottom:10px}
form.filters label{display:flex;flex-direction:column;font-size:11px;color:var(--muted)}
input,select{font:inherit;padding:2px 4px;border:1px solid var(--line);border-radius:4px;background:var(--card);color:var(--fg);width:150px}
.bar{display:flex;gap:8px;align-items:center;margin-bottom:8px}.bulk{margin-left:auto;display:flex;gap:6px}
.flash{margin:8px 16px 0;padding:6px 10px;border:1px solid var(--ok);border-radius:4px;color:var(--ok);background:var(--card)}
.pagers{display:flex;gap:16px}
svg.chart{width:100%;height:auto;max-height:170px}
svg .grid{stroke:var(--line);stroke-width:1}svg .tick{fill:var(--muted);font-size:10px}
.s-done{fill:var(--done);background:var(--done)}.s-failed{fill:var(--failed);background:var(--failed)}.s-dead{fill:var(--dead);background:var(--dead)}
polyline{stroke-width:1.6}circle{stroke:none}.sw.l-p50_wait_ms,.sw.l-p95_wait_ms,.sw.l-p50_run_ms,.sw.l-p95_run_ms{height:3px}.l-p50_wait_ms{stroke:var(--w50);fill:var(--w50);background:var(--w50)}.l-p95_wait_ms{stroke:var(--w95);fill:var(--w95);background:var(--w95)}.l-p50_run_ms{stroke:var(--r50);fill:var(--r50);background:var(--r50)}.l-p95_run_ms{stroke:var(--r95);fill:var(--r95);background:var(--r95)}
.legend{margin:2px 0 0;color:var(--muted);font-size:11px}.sw{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px;border-radius:2px;vertical-align:middle}
`;
