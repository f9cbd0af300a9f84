// campaign-pulse dashboard: reads /api/v1/ every few seconds and renders tables and charts.
"use strict";

const REFRESH_MS = 3000;
const CHART_HOURS = 12;
const HOUR_MS = 3600000;
let token = sessionStorage.getItem("campaign-pulse-token") || "";
const charts = {};

async function api(path) {
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const res = await fetch(path, { headers, cache: "no-store" });
  if (res.status === 401) {
    document.getElementById("token-form").hidden = false;
    throw new Error("the API needs its token");
  }
  const body = await res.json();
  if (!res.ok) {
    const err = new Error(body.error || res.status);
    err.status = res.status;
    throw err;
  }
  return body;
}

// ---- formatting: aligned numbers, money with currency, "-" for null ----

function money(value, currency) {
  if (value === null || value === undefined) return null;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, currencyDisplay: "code",
      minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  } catch (e) {
    return value.toFixed(2) + " " + currency;
  }
}
const count = (v) => (v === null || v === undefined ? null : new Intl.NumberFormat("en-US").format(v));
const percent = (v, digits = 2) => (v === null || v === undefined ? null : (v * 100).toFixed(digits) + " %");
const times = (v) => (v === null || v === undefined ? null : v.toFixed(2) + "\u00d7");
const plain = (v, digits = 2) => (v === null || v === undefined ? null : v.toFixed(digits));

function cell(tr, text, cls, field) {
  const td = document.createElement("td");
  if (text === null || text === undefined) {
    td.textContent = "-";
    td.className = (cls ? cls + " " : "") + "null";
  } else {
    td.textContent = text;
    if (cls) td.className = cls;
  }
  if (field) td.dataset.field = field;
  tr.appendChild(td);
  return td;
}

function fill(tableId, rows, columns, empty, key) {
  const tbody = document.querySelector("#" + tableId + " tbody");
  tbody.replaceChildren();
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    tr.className = "empty";
    const td = document.createElement("td");
    td.colSpan = columns.length;
    td.textContent = empty;
    tr.appendChild(td);
    tbody.appendChild(tr);
    return;
  }
  for (const r of rows) {
    const tr = document.createElement("tr");
    if (key) tr.dataset.key = key(r);
    for (const [field, format, cls] of columns) cell(tr, format(r), cls, field);
    tbody.appendChild(tr);
  }
}

function windowLabel(records, fallback) {
  const r = records[0];
  if (!r || !r.windowStart) return fallback;
  const start = r.windowStart.replace("T", " ").replace(":00Z", "");
  const end = r.windowEnd.replace("T", " ").replace(":00Z", "");
  const sameDay = start.substring(0, 10) === end.substring(0, 10);
  return r.window + " window " + start + " to " + (sameDay ? end.substring(11) : end) + " UTC";
}

// ---- sections ----

async function windowed(path, window, at) {
  try {
    return { window, records: await api(path + "?window=" + window + "&at=" + at + (path.includes("campaigns")
      ? "&sort=spend&limit=15" : "")) };
  } catch (e) {
    if (e.status === 400) return { window: null, records: await api(path + (path.includes("campaigns")
      ? "?sort=spend&limit=15" : "")) };
    throw e;
  }
}

async function topCampaigns(at) {
  const { records } = await windowed("/api/v1/campaigns", "1h", at);
  const table = document.getElementById("top-campaigns");
  table.dataset.at = at;
  table.dataset.loaded = "true";
  document.getElementById("top-window").textContent = windowLabel(records, "(current hour)");
  fill("top-campaigns", records, [
    ["campaignId", (r) => r.campaignId, "text"],
    ["channel", (r) => r.channel, "text"],
    ["spend", (r) => money(r.spend, r.currency)],
    ["cpa", (r) => money(r.cpa, r.currency)],
    ["roas", (r) => times(r.roas)],
    ["ctr", (r) => percent(r.ctr)],
    ["reach", (r) => count(r.reach)],
    ["impressions", (r) => count(r.impressions)],
    ["clicks", (r) => count(r.clicks)],
    ["sales", (r) => count(r.sales)],
    ["revenue", (r) => money(r.revenue, r.currency)],
    ["newCustomers", (r) => count(r.newCustomers)],
    ["cac", (r) => money(r.cac, r.currency)],
  ], "no campaign has events in this hour yet", (r) => r.campaignId);
}

async function channels(at) {
  const { records } = await windowed("/api/v1/channels", "1d", at);
  document.getElementById("channel-window").textContent = windowLabel(records, "(today)");
  fill("channels", records, [
    ["channel", (r) => r.channel, "text"],
    ["currency", (r) => r.currency, "text"],
    ["spend", (r) => money(r.spend, r.currency)],
    ["cpa", (r) => money(r.cpa, r.currency)],
    ["roas", (r) => times(r.roas)],
    ["reach", (r) => count(r.reach)],
    ["actUsers", (r) => count(r.actUsers)],
    ["convertUsers", (r) => count(r.convertUsers)],
    ["actRate", (r) => percent(r.actRate)],
    ["convertRate", (r) => percent(r.convertRate)],
    ["frequency", (r) => plain(r.frequency)],
    ["newCustomers", (r) => count(r.newCustomers)],
    ["repeatCustomers", (r) => count(r.repeatCustomers)],
    ["cac", (r) => money(r.cac, r.currency)],
  ], "no channel has events today yet", (r) => r.channel + "/" + r.currency);
  return records;
}

async function history(channelRecords, now) {
  const hourNow = Math.floor(now / HOUR_MS) * HOUR_MS;
  const from = new Date(hourNow - (CHART_HOURS - 1) * HOUR_MS).toISOString();
  const xs = [];
  for (let i = CHART_HOURS - 1; i >= 0; i--) xs.push((hourNow - i * HOUR_MS) / 1000);
  const ids = channelRecords.map((r) => [r.channel, r.currency]);
  const series = await Promise.all(ids.map(([ch, cur]) =>
    api("/api/v1/channels/" + encodeURIComponent(ch) + "/" + encodeURIComponent(cur) + "/windows?window=1h&from="
      + from).catch(() => [])));
  const spend = [xs];
  const cpa = [xs];
  for (const records of series) {
    const byStart = new Map(records.map((r) => [Date.parse(r.windowStart) / 1000, r]));
    spend.push(xs.map((x) => (byStart.has(x) ? byStart.get(x).spend : null)));
    cpa.push(xs.map((x) => (byStart.has(x) ? byStart.get(x).cpa : null)));
  }
  const names = ids.map(([ch, cur]) => ch + " (" + cur + ")");
  draw("spend-chart", names, spend);
  draw("cpa-chart", names, cpa);
}

const COLORS = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00"];

function draw(id, names, data) {
  const el = document.getElementById(id);
  const key = names.join("|");
  if (charts[id] && charts[id].key === key) {
    charts[id].plot.setData(data);
    return;
  }
  if (charts[id]) charts[id].plot.destroy();
  const opts = {
    width: Math.max(360, el.clientWidth || 480), height: 240,
    series: [{}].concat(names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 2,
      spanGaps: false, points: { show: true } }))),
    axes: [{}, { size: 70 }],
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
  };
  charts[id] = { key, plot: new uPlot(opts, data, el) };
}

async function alerts() {
  const records = (await api("/api/v1/alerts")).sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : -1));
  fill("alerts", records, [
    ["raisedAt", (r) => r.raisedAt.replace("T", " ").substring(0, 19) + " UTC", "text"],
    ["kind", (r) => r.kind, "text"],
    ["campaignId", (r) => r.campaignId, "text"],
    ["spend", (r) => money(r.spend, r.currency)],
    ["dailyBudget", (r) => money(r.dailyBudget, r.currency)],
    ["cpa", (r) => money(r.cpa, r.currency)],
    ["targetCpa", (r) => money(r.targetCpa, r.currency)],
    ["sales", (r) => count(r.sales)],
  ], "no alerts today");
}

async function experiments() {
  const records = await api("/api/v1/experiments");
  const section = document.getElementById("experiments-section");
  section.hidden = records.length === 0;
  const rows = [];
  for (const e of records) {
    for (const v of e.variants) {
      const test = e.tests.find((t) => t.variant === v.variant && t.metric === "conversionRate");
      rows.push({ e, v, test });
    }
  }
  fill("experiments", rows, [
    ["campaignId", (r) => r.e.campaignId + (r.v.variant === r.e.control ? "" : ""), "text"],
    ["variant", (r) => r.v.variant + (r.v.variant === r.e.control ? " (control)" : ""), "text"],
    ["impressions", (r) => count(r.v.impressions)],
    ["clicks", (r) => count(r.v.clicks)],
    ["sales", (r) => count(r.v.sales)],
    ["conversionRate", (r) => percent(r.v.conversionRate)],
    ["lift", (r) => (r.test ? percent(r.test.lift, 1) : null)],
    ["pValue", (r) => (r.test ? plain(r.test.pValue, 4) : null)],
    ["significant", (r) => (r.test && r.test.significant !== null ? (r.test.significant ? "yes" : "no") : null),
      "text"],
    ["winner", (r) => (r.v.variant === r.e.control ? r.e.winner : ""), "text"],
  ], "no experiments");
}

async function health() {
  const badge = document.getElementById("status");
  try {
    const res = await fetch("/health/ready", { cache: "no-store" });
    badge.textContent = res.ok ? "running" : "not ready";
    badge.className = "badge " + (res.ok ? "up" : "down");
  } catch (e) {
    badge.textContent = "unreachable";
    badge.className = "badge down";
  }
}

let chartsDue = 0;

async function refresh() {
  const now = Date.now();
  const at = new Date(now).toISOString();
  await health();
  try {
    await topCampaigns(at);
    const channelRecords = await channels(at);
    if (now >= chartsDue) {
      chartsDue = now + 5 * REFRESH_MS;
      await history(channelRecords, now);
    }
    await alerts();
    await experiments();
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById("updated").textContent = "not updated: " + e.message;
  }
}

document.getElementById("token-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  token = document.getElementById("token").value;
  sessionStorage.setItem("campaign-pulse-token", token);
  document.getElementById("token-form").hidden = true;
  refresh();
});

refresh();
setInterval(refresh, REFRESH_MS);
