/**
 * The findings explorer of the HTML report: filters, grouping by principle and file, and paging,
 * rendered from the JSON data block so a report of thousands of findings opens as one screen of
 * file groups. Plain DOM (no innerHTML for report data), no network; the report's
 * Content-Security-Policy allows exactly this script by its hash.
 */
export const EXPLORER_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("txo-data").textContent);
  var form = document.getElementById("filters");
  var results = document.getElementById("results");
  var pagers = document.querySelectorAll(".pager");
  var PAGE_SIZE = 20;
  var OPEN_WHEN_AT_MOST = 6;
  var page = 0;

  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }
  function richText(text) {
    var span = el("span");
    text.split("\u0060").forEach(function (part, index) { span.append(index % 2 === 1 ? el("code", "", [part]) : part); });
    return span;
  }
  function link(text, href) {
    var anchor = el("a", "", [text]);
    anchor.href = href;
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
    return anchor;
  }
  function plural(count, word) { return count.toLocaleString("en-US") + " " + word + (count === 1 ? "" : "s"); }

  function filterOf() {
    var values = new FormData(form);
    return { principle: values.get("principle"), severity: values.get("severity"), status: values.get("status") || "all", scope: values.get("scope"), file: String(values.get("file") || "").trim().toLowerCase(), sort: values.get("sort") };
  }
  function matches(finding, filter) {
    var rule = data.rules[finding[3]];
    if (filter.scope !== (finding[7] ? "tests" : "source")) return false;
    if (filter.principle !== "all" && String(rule.principle) !== filter.principle) return false;
    if (filter.severity !== "all" && (finding[4] ? "critical" : "warning") !== filter.severity) return false;
    if (filter.status === "new" && finding[5] !== 1) return false;
    if (filter.status === "baseline" && finding[5] !== 2) return false;
    return filter.file === "" || data.files[finding[0]].toLowerCase().indexOf(filter.file) !== -1;
  }
  function groupsOf(filter) {
    var byKey = new Map();
    data.findings.forEach(function (finding) {
      if (!matches(finding, filter)) return;
      var principle = data.rules[finding[3]].principle;
      var key = principle + "\u0000" + finding[0];
      var group = byKey.get(key);
      if (!group) { group = { principle: principle, file: data.files[finding[0]], findings: [], critical: 0, fresh: 0 }; byKey.set(key, group); }
      group.findings.push(finding);
      group.critical += finding[4];
      if (finding[5] === 1) group.fresh++;
    });
    var groups = Array.from(byKey.values());
    groups.sort(function (a, b) {
      if ((b.fresh > 0) !== (a.fresh > 0)) return b.fresh - a.fresh;
      if (a.principle !== b.principle) return a.principle - b.principle;
      if (filter.sort === "most") { if (b.critical !== a.critical) return b.critical - a.critical; if (b.findings.length !== a.findings.length) return b.findings.length - a.findings.length; }
      return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
    });
    return groups;
  }

  function findingRows(group) {
    var body = el("tbody");
    group.findings.slice().sort(function (a, b) { return (a[5] === 1 ? 0 : 1) - (b[5] === 1 ? 0 : 1) || a[1] - b[1] || a[2] - b[2]; }).forEach(function (finding) {
      var more = el("details", "message", [el("summary", "", [richText(finding[8])]), el("p", "", [richText(finding[6])])]);
      var status = finding[5] === 1 ? el("span", "tag new", ["new"]) : finding[5] === 2 ? el("span", "tag", ["baseline"]) : "";
      var cells = [el("td", "pos", [finding[1] + ":" + finding[2]]), el("td", "", [el("span", finding[4] ? "critical" : "warning", [finding[4] ? "critical" : "warning"])]), el("td", "", [more])];
      if (data.baseline) cells.push(el("td", "", [status]));
      body.append(el("tr", "", cells));
    });
    var names = data.baseline ? ["Line", "Severity", "Finding", "Status"] : ["Line", "Severity", "Finding"];
    var head = el("thead", "", [el("tr", "", names.map(function (name) { return el("th", "", [name]); }))]);
    return el("table", "findings", [el("colgroup", "", ["c-pos", "c-sev", "c-msg", "c-status"].slice(0, names.length).map(function (name) { return el("col", name); })), head, body]);
  }
  function fileGroup(group, open) {
    var badges = [el("span", "count", [plural(group.findings.length, "finding")])];
    if (group.critical > 0) badges.push(el("span", "tag critical", [group.critical + " critical"]));
    if (group.fresh > 0) badges.push(el("span", "tag new", [group.fresh + " new"]));
    var details = el("details", "file", [el("summary", "", [el("code", "path", [group.file])].concat(badges)), findingRows(group)]);
    details.open = open;
    return details;
  }
  function principleHeading(principle, groups) {
    var rule = data.rules.find(function (candidate) { return candidate.principle === principle; });
    var count = groups.reduce(function (sum, group) { return sum + (group.principle === principle ? group.findings.length : 0); }, 0);
    var files = groups.filter(function (group) { return group.principle === principle; }).length;
    var fix = el("a", "", ["how to fix"]);
    fix.href = "#rule-" + rule.name;
    return el("h3", "principle", [principle + ". " + rule.title + " ", el("span", "muted", ["· " + plural(count, "finding") + " in " + plural(files, "file") + " · "]), link(rule.id, rule.docs), el("span", "muted", [" · "]), fix]);
  }

  function renderPager(groups, findings) {
    var pages = Math.max(1, Math.ceil(groups.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    var first = groups.length === 0 ? 0 : page * PAGE_SIZE + 1;
    var last = Math.min(groups.length, (page + 1) * PAGE_SIZE);
    pagers.forEach(function (pager) {
      var previous = el("button", "", ["‹ Previous"]);
      var next = el("button", "", ["Next ›"]);
      previous.type = next.type = "button";
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
      previous.addEventListener("click", function () { page--; render(true); });
      next.addEventListener("click", function () { page++; render(true); });
      pager.replaceChildren(previous, el("span", "", ["Page " + (page + 1) + " of " + pages + " · file groups " + first + "–" + last + " of " + groups.length.toLocaleString("en-US") + " · " + plural(findings, "finding") + " match"]), next);
    });
  }
  function render(scroll) {
    var filter = filterOf();
    var groups = groupsOf(filter);
    var findings = groups.reduce(function (sum, group) { return sum + group.findings.length; }, 0);
    renderPager(groups, findings);
    var shown = groups.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    var nodes = [];
    shown.forEach(function (group, index) {
      if (index === 0 || shown[index - 1].principle !== group.principle) nodes.push(principleHeading(group.principle, groups));
      nodes.push(fileGroup(group, groups.length <= OPEN_WHEN_AT_MOST));
    });
    if (nodes.length === 0) nodes.push(el("p", "muted", ["No findings match these filters."]));
    results.replaceChildren.apply(results, nodes);
    if (scroll) document.getElementById("findings").scrollIntoView();
  }

  form.addEventListener("input", function () { page = 0; render(false); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("expand-all").addEventListener("click", function () { results.querySelectorAll("details.file").forEach(function (node) { node.open = true; }); });
  document.getElementById("collapse-all").addEventListener("click", function () { results.querySelectorAll("details.file").forEach(function (node) { node.open = false; }); });
  document.documentElement.classList.add("js");
  render(false);
})();
`;
