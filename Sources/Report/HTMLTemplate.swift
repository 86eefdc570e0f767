/// The HTML page's Mustache template: the skeleton, its CSS and its script. `{{value}}` escapes
/// (& < > " '); only the charts, which the chart code escapes itself, go through `{{{value}}}`.
/// Nothing in it refers outside the file: no fonts, no stylesheets, no scripts, no images.
enum HTMLTemplate {
    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{verdictWord}}: {{title}}</title>
<style>
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #eef1f4; --page: #f4f6f8;
  --fail: #b42318; --fail-soft: #fdecea; --pass: #1a7f37; --pass-soft: #e6f4ea;
  --baseline: #3f6fb5; --candidate: #e0570f; --control: #2b8a3e;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 20px 48px; }
a { color: #0b5cad; }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
h1, h2, h3 { line-height: 1.25; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
p { margin: 6px 0 10px; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.banner { display: flex; flex-wrap: wrap; align-items: center; gap: 16px 28px; padding: 22px 26px;
  border-radius: 12px; color: #fff; }
.banner.fail { background: var(--fail); }
.banner.pass { background: var(--pass); }
.verdict { font-size: 48px; font-weight: 800; letter-spacing: 0.05em; line-height: 1; }
.banner h1 { font-size: 21px; margin: 0 0 2px; }
.banner .title { font-size: 14px; opacity: 0.9; margin: 0; }
.facts { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 12px 0 0; }
.facts div { min-width: 90px; }
.facts dt { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.05em; opacity: 0.85; }
.facts dd { margin: 0; font-size: 17px; font-weight: 650; font-variant-numeric: tabular-nums; }
.facts dd small { display: block; font-size: 12px; font-weight: 400; opacity: 0.9; }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 14px 2px 0; font-size: 13.5px; }
nav.toc a { text-decoration: none; color: var(--muted); }
nav.toc a:hover { color: var(--fg); text-decoration: underline; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; margin-top: 16px; }
ol.reasons { list-style: none; margin: 0; padding: 0; }
ol.reasons li { margin: 10px 0 0; padding: 10px 14px; border-left: 4px solid var(--fail);
  background: var(--fail-soft); border-radius: 0 8px 8px 0; }
ol.reasons.pass li { border-left-color: #9a6700; background: #fff8e1; }
.reason-summary { font-weight: 600; font-size: 15.5px; }
.reason-subject { margin-top: 4px; font-size: 13.5px; word-break: break-word; }
.reason-subject code { background: rgba(255, 255, 255, 0.75); border: 1px solid #f1c9c4; padding: 1px 5px; border-radius: 4px; }
.figures { display: flex; flex-wrap: wrap; gap: 2px 14px; margin-top: 4px; font-size: 12.5px; color: var(--muted); }
.figures span { white-space: nowrap; }
.figures b { font-weight: 600; color: var(--fg); }
.kind { display: inline-block; margin-right: 8px; padding: 0 8px; border-radius: 999px; background: var(--fail);
  color: #fff; font-size: 11px; font-weight: 700; letter-spacing: 0.05em; text-transform: uppercase; vertical-align: 2px; }
.ok { padding: 10px 14px; border-left: 4px solid var(--pass); background: var(--pass-soft); border-radius: 0 8px 8px 0; margin: 0; }
ul.notes { margin: 6px 0 0; padding-left: 20px; }
.fp { font-family: var(--mono); font-size: 11.5px; color: var(--muted); }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin: 4px 0 12px; font-size: 13.5px; }
.toolbar input[type=search] { font: inherit; padding: 5px 9px; border: 1px solid var(--line); border-radius: 6px; min-width: 260px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.table-wrap { overflow: auto; max-height: 78vh; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 7px 7px; border-bottom: 1px solid var(--soft); text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; z-index: 1; background: #f6f8fa; border-bottom: 1px solid var(--line); white-space: nowrap; font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th button { all: unset; cursor: pointer; }
th button:focus-visible { outline: 2px solid #0b5cad; outline-offset: 2px; }
th button::after { content: "\2195"; color: #b0b8c1; margin-left: 4px; font-size: 11px; }
th[aria-sort=ascending] button::after { content: "\25B2"; color: var(--fg); }
th[aria-sort=descending] button::after { content: "\25BC"; color: var(--fg); }
tbody tr:hover td { background: #f8fafc; }
tbody tr:target td { background: #fff6d6; }
td.statement { min-width: 240px; max-width: 380px; }
td.statement code { word-break: break-word; }
td.statement details { margin-top: 3px; }
summary { cursor: pointer; color: #0b5cad; font-size: 12px; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; border: 1px solid var(--soft); border-radius: 6px; padding: 8px 10px; margin: 6px 0 0; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.status-new_errors, .status-results_differ, .status-regressed { background: #fde2e0; color: #8c1d13; border-color: #f5b5ae; }
.status-allowed { background: #fff1c2; color: #6a4a00; border-color: #ecd27a; }
.status-nondeterministic { background: #f1e6fd; color: #5b2191; border-color: #d8bff5; }
.status-improved { background: #dcf3e2; color: #14532d; border-color: #a9dcb6; }
.status-not_enough_data { background: #eceff2; color: #424a53; border-color: #d0d7de; }
.status-unchanged { background: #f4f6f8; color: #59636e; border-color: #e1e6eb; }
.chip { font-size: 12px; }
.chip b { font-variant-numeric: tabular-nums; }
.bar { height: 4px; background: var(--soft); border-radius: 2px; margin-top: 4px; min-width: 48px; }
.bar span { display: block; height: 100%; background: var(--baseline); border-radius: 2px; }
.arrow { color: #9aa4ae; margin: 0 2px; }
.cand { font-weight: 600; }
.worse { color: #a4190f; font-weight: 600; }
.better { color: #17692f; font-weight: 600; }
.warn { color: #8a5a00; font-weight: 600; }
td.muted { color: var(--muted); }
.interval { display: block; color: var(--muted); font-size: 11.5px; font-weight: 400; }
.more { margin: 10px 2px 0; color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 18px; }
figure { margin: 0; min-width: 0; }
figcaption { font-size: 13px; color: var(--muted); margin: 0 0 6px; }
svg.chart { display: block; max-width: 100%; height: auto; }
.empty { margin: 6px 0; padding: 12px 14px; color: var(--muted); background: #f6f8fa; border-radius: 8px; }
.statement-charts { border-top: 1px solid var(--soft); margin-top: 16px; padding-top: 12px; }
.statement-charts h3 { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; font-size: 14px; margin: 0 0 4px; }
.statement-charts h3 code { font-weight: 400; word-break: break-word; }
.glance td, .glance th { padding: 6px 10px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.example { border: 1px solid var(--line); border-radius: 8px; margin: 12px 0 0; overflow: hidden; }
.example header { padding: 9px 12px; background: #f6f8fa; border-bottom: 1px solid var(--line); font-size: 13.5px; }
.example header code { word-break: break-word; }
.example table { table-layout: fixed; }
.example th:first-child { width: 160px; }
.example td { font-family: var(--mono); font-size: 12.5px; word-break: break-word; }
.example tr.diff td { background: #fff4d6; }
.example tr.diff th::after { content: " \2260"; color: #a4190f; }
.example .values { padding: 0 12px 10px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 6px 0 12px; font-size: 14px; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
table.env td { font-size: 12.5px; word-break: break-word; }
table.env tr.differs td, table.env tr.differs th { background: #fff4d6; }
table.env th[scope=row] { font-weight: 600; white-space: nowrap; width: 170px; }
td.effect { white-space: nowrap; }
td.message { min-width: 260px; }
footer { margin: 22px 2px 0; font-size: 12.5px; color: var(--muted); }
@media (max-width: 720px) {
  main { padding: 12px 10px 32px; }
  section { padding: 14px 14px; }
  .verdict { font-size: 36px; }
  .charts { grid-template-columns: 1fr; }
}
@media print {
  body { background: #fff; }
  .table-wrap { max-height: none; overflow: visible; }
  .toolbar { display: none; }
}
</style>
</head>
<body data-ready="0" data-errors="">
<main>
<header class="banner {{verdictClass}}" id="verdict">
  <div class="verdict">{{verdictWord}}</div>
  <div>
    <h1>{{headline}}</h1>
    <p class="title">{{title}}</p>
    <dl class="facts">
      {{#bannerFacts}}<div><dt>{{label}}</dt><dd>{{value}}{{#detail}}<small>{{.}}</small>{{/detail}}</dd></div>{{/bannerFacts}}
    </dl>
  </div>
</header>
<nav class="toc" aria-label="Sections">
  <a href="#reasons">{{reasonsTitle}}</a><a href="#statements">Statements</a><a href="#latency">Latency</a><a href="#errors">Errors</a><a href="#results">Result differences</a><a href="#noise">Noise</a><a href="#thresholds">Thresholds</a><a href="#environment">Environment</a>
</nav>

<section id="reasons">
  <h2>{{reasonsTitle}}</h2>
  {{#noReasons}}<p class="ok">{{.}}</p>{{/noReasons}}
  {{^empty(reasons)}}<ol class="reasons {{verdictClass}}">{{/empty(reasons)}}
  {{#reasons}}
    <li class="reason">
      <div class="reason-summary"><span class="kind">{{kind}}</span>{{summary}}</div>
      <div class="reason-subject">
        {{#statement}}<code>{{.}}</code>{{/statement}}
        {{#reasonFingerprint}}{{#rowLink}}<a class="fp" href="{{rowLink}}">{{reasonFingerprint}}</a>{{/rowLink}}{{^rowLink}}<span class="fp">{{reasonFingerprint}}</span>{{/rowLink}}{{/reasonFingerprint}}
        {{#scope}}<span class="muted">{{.}}</span>{{/scope}}
      </div>
      {{^empty(figures)}}<div class="figures">{{/empty(figures)}}{{#figures}}<span>{{name}} <b>{{value}}</b></span>{{/figures}}{{^empty(figures)}}</div>{{/empty(figures)}}
    </li>
  {{/reasons}}
  {{^empty(reasons)}}</ol>{{/empty(reasons)}}
  {{^empty(notes)}}
  <h3>Notes</h3>
  <ul class="notes">{{/empty(notes)}}{{#notes}}<li>{{.}}</li>{{/notes}}{{^empty(notes)}}</ul>
  {{/empty(notes)}}
</section>

<section id="statements">
  <h2>Statements</h2>
  <div class="toolbar">
    <input type="search" id="filter" placeholder="Filter by statement or fingerprint" aria-label="Filter statements">
    <label><input type="checkbox" id="changed-only"> only changed</label>
    <div class="chips">{{#statusCounts}}<span class="badge chip status-{{countStatus}}">{{countLabel}} <b>{{count}}</b></span>{{/statusCounts}}</div>
  </div>
  <div class="table-wrap">
  <table id="fingerprints">
    <thead><tr>
      <th data-key="status" data-type="num"><button type="button">Status</button></th>
      <th data-key="statement" data-type="text"><button type="button">Statement</button></th>
      <th class="num" data-key="calls" data-type="num"><button type="button">Calls</button></th>
      <th class="num" data-key="share" data-type="num"><button type="button">Share</button></th>
      <th class="num" data-key="p50" data-type="num"><button type="button">p50 ms</button></th>
      <th class="num" data-key="p95" data-type="num"><button type="button">p95 ms</button></th>
      <th class="num" data-key="p99" data-type="num"><button type="button">p99 ms</button></th>
      <th class="num" data-key="ratio" data-type="num"><button type="button">Ratio</button></th>
      <th class="num" data-key="p" data-type="num"><button type="button">Adj. p</button></th>
      <th class="num" data-key="errors" data-type="num"><button type="button" title="new / fixed errors">Errors</button></th>
      <th class="num" data-key="results" data-type="num"><button type="button" title="differing / compared results">Results</button></th>
    </tr></thead>
    <tbody>
    {{#rows}}
    <tr id="{{anchor}}" data-order="{{order}}" data-status="{{status}}">
      <td data-sort="{{statusSort}}"><span class="badge status-{{status}}">{{statusLabel}}</span></td>
      <td class="statement" data-sort="{{statementSort}}"><code>{{statement}}</code><div class="fp">{{fingerprint}}</div>{{#statementFull}}<details><summary>full statement</summary><pre>{{.}}</pre></details>{{/statementFull}}</td>
      <td class="num" data-sort="{{callsSort}}" title="{{callsTooltip}}">{{calls}}</td>
      <td class="num" data-sort="{{shareSort}}">{{share}}<div class="bar"><span style="width: {{shareBarWidth}}%"></span></div></td>
      <td class="num" data-sort="{{p50.sortKey}}" title="{{p50.tooltip}}">{{p50.baseline}}<span class="arrow">→</span><span class="cand">{{p50.candidate}}</span></td>
      <td class="num" data-sort="{{p95.sortKey}}" title="{{p95.tooltip}}">{{p95.baseline}}<span class="arrow">→</span><span class="cand">{{p95.candidate}}</span><span class="interval">{{p95.interval}}</span></td>
      <td class="num" data-sort="{{p99.sortKey}}" title="{{p99.tooltip}}">{{p99.baseline}}<span class="arrow">→</span><span class="cand">{{p99.candidate}}</span><span class="interval">{{p99.interval}}</span></td>
      <td class="num {{ratioClass}}" data-sort="{{ratioSort}}">{{ratio}}<span class="interval">{{ratioInterval}}</span></td>
      <td class="num" data-sort="{{adjustedPSort}}">{{adjustedP}}</td>
      <td class="num {{errorsClass}}" data-sort="{{errorsSort}}" title="{{errorsTooltip}}">{{errorsNew}} / {{errorsFixed}}</td>
      <td class="num {{resultsClass}}" data-sort="{{resultsSort}}" title="{{resultsTooltip}}">{{results}}<span class="interval">{{resultsCompared}}</span></td>
    </tr>
    {{/rows}}
    </tbody>
  </table>
  </div>
  {{^rows}}<p class="empty">No statement was compared.</p>{{/rows}}
  {{#rowsMore}}<p class="more">{{.}}</p>{{/rowsMore}}
  <p class="more">Times are service times in milliseconds, baseline → <b>candidate</b>. Ratio: the typical factor by which a request of the statement got slower (above 1) or faster, with its interval; Adj. p: the p-value of the paired test, adjusted across statements. Click a column to sort.</p>
</section>

<section id="latency">
  <h2>Latency</h2>
  <table class="glance">
    <thead><tr><th>Run</th><th class="num">Requests</th><th class="num">Total time</th><th class="num">Mean ms</th><th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">p99 ms</th><th class="num">Max ms</th></tr></thead>
    <tbody>{{#workloadRows}}<tr><th scope="row"><span class="swatch" style="background: {{runColor}}"></span>{{runLabel}}</th><td class="num">{{requests}}</td><td class="num">{{totalTime}}</td><td class="num">{{mean}}</td><td class="num">{{median}}</td><td class="num">{{p95}}</td><td class="num">{{p99}}</td><td class="num">{{maximum}}</td></tr>{{/workloadRows}}</tbody>
  </table>
  <div class="charts" style="margin-top: 14px">
    <figure><figcaption>Percentile spectrum of the whole workload: time at each percentile, the tail spread out (90, 99, 99.9, …).</figcaption>{{#workloadSpectrum}}{{{workloadSpectrum}}}{{/workloadSpectrum}}{{^workloadSpectrum}}<p class="empty">No latency was measured.</p>{{/workloadSpectrum}}</figure>
    <figure><figcaption>Distribution of the whole workload: the share of requests done within each time.</figcaption>{{#workloadECDF}}{{{workloadECDF}}}{{/workloadECDF}}{{^workloadECDF}}<p class="empty">No latency was measured.</p>{{/workloadECDF}}</figure>
  </div>
  <h3>Over time</h3>
  <figure><figcaption>p50 (solid) and p99 (dashed) of each run along its own timeline.</figcaption>{{#timelineChart}}{{{timelineChart}}}{{/timelineChart}}{{^timelineChart}}<p class="empty">No timeline was recorded.</p>{{/timelineChart}}</figure>
  {{^empty(statementCharts)}}<h3>Statements to look at</h3><p class="muted small">{{statementChartsIntro}}</p>{{/empty(statementCharts)}}
  {{#statementCharts}}
  <div class="statement-charts">
    <h3><span class="badge status-{{chartStatus}}">{{chartStatusLabel}}</span><code>{{chartStatement}}</code>{{#chartLink}}<a class="fp" href="{{chartLink}}">{{chartFingerprint}}</a>{{/chartLink}}{{^chartLink}}<span class="fp">{{chartFingerprint}}</span>{{/chartLink}}</h3>
    <p class="muted small">{{chartSummary}}</p>
    <div class="charts">
      <figure>{{{spectrumChart}}}</figure>
      <figure>{{{ecdfChart}}}</figure>
    </div>
  </div>
  {{/statementCharts}}
</section>

<section id="errors">
  <h2>Errors</h2>
  {{#errorsChart}}<figure><figcaption>Failed requests by SQLSTATE in each run.</figcaption>{{{errorsChart}}}</figure>{{/errorsChart}}
  {{^errorsChart}}<p class="empty">No errors in any run.</p>{{/errorsChart}}
  {{#errorsChartMore}}<p class="more">{{.}}</p>{{/errorsChartMore}}
  {{^empty(errorChanges)}}
  <h3>Errors that changed, by statement</h3>
  <div class="table-wrap">
  <table>
    <thead><tr><th>Statement</th><th>SQLSTATE</th><th class="num">New</th><th class="num">Fixed</th><th class="num">Changed</th><th class="num">Failures, baseline → candidate</th><th>Compared</th><th>Effect</th><th>Example message</th></tr></thead>
    <tbody>
  {{/empty(errorChanges)}}
  {{#errorChanges}}
    <tr>
      <td class="statement"><code>{{errorStatement}}</code>{{#errorLink}}<div><a class="fp" href="{{errorLink}}">{{errorFingerprint}}</a></div>{{/errorLink}}{{^errorLink}}<div class="fp">{{errorFingerprint}}</div>{{/errorLink}}</td>
      <td><span class="mono">{{sqlState}}</span><div class="muted small">{{conditionName}}</div></td>
      <td class="num">{{new}}</td><td class="num">{{fixed}}</td><td class="num">{{changed}}</td><td class="num">{{counts}}</td>
      <td class="small">{{kind}}</td><td class="effect {{effectClass}}">{{effect}}</td><td class="message mono small">{{message}}</td>
    </tr>
  {{/errorChanges}}
  {{^empty(errorChanges)}}
    </tbody>
  </table>
  </div>
  {{/empty(errorChanges)}}
  {{#errorChangesMore}}<p class="more">{{.}}</p>{{/errorChangesMore}}
</section>

<section id="results">
  <h2>Result differences</h2>
  {{#examplesNone}}<p class="empty">{{.}}</p>{{/examplesNone}}
  {{#examples}}
  <article class="example">
    <header><code>{{exampleStatement}}</code> {{#exampleLink}}<a class="fp" href="{{exampleLink}}">{{exampleFingerprint}}</a>{{/exampleLink}}{{^exampleLink}}<span class="fp">{{exampleFingerprint}}</span>{{/exampleLink}}<div class="muted small">{{request}}; differs in {{differences}}</div></header>
    <table>
      <thead><tr><th></th><th>baseline</th><th>candidate</th></tr></thead>
      <tbody>{{#fields}}<tr{{#differs}} class="diff"{{/differs}}><th scope="row">{{field}}</th><td>{{baselineValue}}</td><td>{{candidateValue}}</td></tr>{{/fields}}</tbody>
    </table>
    {{#withValues}}<div class="values"><details><summary>statement with its values</summary><pre>{{.}}</pre></details></div>{{/withValues}}
  </article>
  {{/examples}}
  {{#examplesMore}}<p class="more">{{.}}</p>{{/examplesMore}}
</section>

<section id="noise">
  <h2>Noise learned from the control</h2>
  {{#noControl}}<p class="empty">{{.}}</p>{{/noControl}}
  {{#noise}}
  <p>The control is a second copy of the baseline, replayed the same way. What differs between the two copies is noise: the gate counts a candidate's change only beyond it, and leaves statements whose results differ between the copies out of the result check.</p>
  <dl class="kv">{{#noiseFacts}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/noiseFacts}}</dl>
  {{#largestStatement}}<p class="small">Largest change: <code>{{referenceStatement}}</code> {{#referenceLink}}<a class="fp" href="{{referenceLink}}">{{referenceFingerprint}}</a>{{/referenceLink}}{{^referenceLink}}<span class="fp">{{referenceFingerprint}}</span>{{/referenceLink}}</p>{{/largestStatement}}
  {{^empty(nondeterministic)}}<h3>Nondeterministic statements</h3><ul class="notes">{{/empty(nondeterministic)}}
  {{#nondeterministic}}<li><code>{{referenceStatement}}</code> {{#referenceLink}}<a class="fp" href="{{referenceLink}}">{{referenceFingerprint}}</a>{{/referenceLink}}{{^referenceLink}}<span class="fp">{{referenceFingerprint}}</span>{{/referenceLink}}</li>{{/nondeterministic}}
  {{#nondeterministicMore}}<li class="muted">{{.}}</li>{{/nondeterministicMore}}
  {{^empty(nondeterministic)}}</ul>{{/empty(nondeterministic)}}
  {{/noise}}
</section>

<section id="thresholds">
  <h2>Thresholds</h2>
  <p class="muted small">The gate policy this verdict was decided with, by gate-file key.</p>
  <table>
    <thead><tr><th>Key</th><th>Value</th><th>Meaning</th></tr></thead>
    <tbody>{{#thresholds}}<tr><td class="mono">{{key}}</td><td class="mono">{{value}}</td><td class="muted">{{meaning}}</td></tr>{{/thresholds}}</tbody>
  </table>
</section>

<section id="environment">
  <h2>Environment</h2>
  {{#environment}}
  <div class="table-wrap">
  <table class="env">
    <thead><tr><th></th>{{#runNames}}<th>{{value}}</th>{{/runNames}}</tr></thead>
    <tbody>{{#rows}}<tr{{#differs}} class="differs"{{/differs}}><th scope="row">{{label}}</th>{{#cells}}<td>{{value}}</td>{{/cells}}</tr>{{/rows}}</tbody>
  </table>
  </div>
  <h3>Server settings</h3>
  {{^empty(differingSettings)}}<p class="small">Settings that differ between the runs are marked.</p>
  <div class="table-wrap"><table class="env"><tbody>{{/empty(differingSettings)}}
  {{#differingSettings}}<tr class="differs"><th scope="row" class="mono">{{label}}</th>{{#cells}}<td class="mono">{{value}}</td>{{/cells}}</tr>{{/differingSettings}}
  {{^empty(differingSettings)}}</tbody></table></div>{{/empty(differingSettings)}}
  {{^differingSettings}}<p class="small muted">The runs were replayed with the same server settings.</p>{{/differingSettings}}
  {{^empty(sameSettings)}}<details><summary>settings that are the same in every run</summary>
  <div class="table-wrap"><table class="env"><tbody>{{/empty(sameSettings)}}
  {{#sameSettings}}<tr><th scope="row" class="mono">{{label}}</th>{{#cells}}<td class="mono">{{value}}</td>{{/cells}}</tr>{{/sameSettings}}
  {{^empty(sameSettings)}}</tbody></table></div></details>{{/empty(sameSettings)}}
  {{/environment}}
</section>
<footer>Written by {{footer}}. This file is self-contained: it needs no network.</footer>
</main>
<script>
(function () {
  "use strict";
  var body = document.body;
  window.onerror = function (message) {
    var previous = body.getAttribute("data-errors");
    body.setAttribute("data-errors", (previous ? previous + " | " : "") + String(message));
  };
  var table = document.getElementById("fingerprints");
  if (table && table.tBodies.length > 0) {
    var tbody = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(tbody.rows);
    var sortBy = function (key, descending) {
      var index = -1;
      headers.forEach(function (header, i) {
        if (header.getAttribute("data-key") === key) { index = i; }
        header.setAttribute("aria-sort", "none");
      });
      if (index < 0) { return; }
      var header = headers[index];
      var numeric = header.getAttribute("data-type") === "num";
      header.setAttribute("aria-sort", descending ? "descending" : "ascending");
      rows.sort(function (a, b) {
        var x = a.cells[index].getAttribute("data-sort") || "";
        var y = b.cells[index].getAttribute("data-sort") || "";
        var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
        if (descending) { order = -order; }
        return order !== 0 ? order : Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
    };
    headers.forEach(function (header) {
      var button = header.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var key = header.getAttribute("data-key");
        var current = header.getAttribute("aria-sort");
        var numeric = header.getAttribute("data-type") === "num";
        var descending = current === "none" || current === null ? (numeric && key !== "status" && key !== "p") : current === "ascending";
        sortBy(key, descending);
      });
    });
    var filter = document.getElementById("filter");
    var changedOnly = document.getElementById("changed-only");
    var applyFilter = function () {
      var query = filter ? filter.value.trim().toLowerCase() : "";
      var onlyChanged = changedOnly ? changedOnly.checked : false;
      rows.forEach(function (row) {
        var matches = query === "" || row.cells[1].textContent.toLowerCase().indexOf(query) >= 0;
        var changed = row.getAttribute("data-status") !== "unchanged";
        row.hidden = !(matches && (changed || !onlyChanged));
      });
    };
    if (filter) { filter.addEventListener("input", applyFilter); }
    if (changedOnly) { changedOnly.addEventListener("change", applyFilter); }
    var requested = /^#sort=([a-z0-9]+)(-asc|-desc)?$/.exec(window.location.hash);
    if (requested) { sortBy(requested[1], requested[2] !== "-asc"); }
  }
  body.dataset.ready = "1";
}());
</script>
</body>
</html>
"""#
}
