// The operator's moderation page: plain DOM over the admin API (docs/protocol.md, "Moderation (operator)").
// Everything players wrote (names, notes, chat lines) goes into the page as text, never as markup.
"use strict";

(function () {
  const API = new URL("../../admin/api/", document.baseURI);
  // Opened as http://admin:…@host/…, the page's address holds the password, which fetch refuses in a URL.
  API.username = "";
  API.password = "";
  const statusLine = document.getElementById("status");
  const problemLine = document.getElementById("problem");

  function say(message) {
    problemLine.textContent = "";
    statusLine.textContent = message;
  }

  function complain(message) {
    statusLine.textContent = "";
    problemLine.textContent = message;
  }

  /** A call of the admin API: its JSON answer, or an Error carrying the server's sentence. */
  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", headers: { accept: "application/json" } };
    if (method !== "GET") {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body || {});
    }
    const res = await fetch(new URL(path, API), init);
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (_) {
      data = null;
    }
    if (!res.ok) throw new Error(data && data.message ? data.message : `The server answered ${res.status}.`);
    return data;
  }

  /** An element with attributes and children (strings become text). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const when = (ms) => new Date(ms).toLocaleString();
  let uid = 0;
  const nextId = (prefix) => `${prefix}-${++uid}`;

  function definitions(pairs) {
    const list = el("dl");
    for (const [term, value] of pairs) list.append(el("dt", { text: term }), el("dd", {}, value));
    return list;
  }

  function playerLabel(name, id) {
    return `${name} (${id})`;
  }

  function stateText(player) {
    const parts = [];
    parts.push(player.bannedAt !== null ? `banned since ${when(player.bannedAt)}` : "not banned");
    parts.push(player.chatMutedUntil !== null ? `chat muted until ${when(player.chatMutedUntil)}` : "chat not muted");
    return parts.join("; ");
  }

  /** Every place the page shows this player's state (a player can have several reports). */
  function showState(player) {
    for (const node of document.querySelectorAll(".state")) {
      if (node.dataset.player === player.playerId) node.textContent = stateText(player);
    }
  }

  /** The buttons for one player: ban, unban, mute for N minutes, unmute, rename. */
  function playerActions(player, label) {
    const box = el("fieldset");
    box.append(el("legend", { text: `Actions on ${label}` }));
    const state = el("p", { class: "state", "data-player": player.playerId, text: stateText(player) });
    box.append(state);

    async function act(kind, body, done) {
      try {
        const answer = await api("POST", `players/${encodeURIComponent(player.playerId)}/${kind}`, body);
        player = answer.player;
        showState(player);
        say(done(player));
      } catch (error) {
        complain(`${kind} failed: ${error.message}`);
      }
    }

    const banRow = el("div");
    const ban = el("button", { type: "button", text: "Ban" });
    ban.addEventListener("click", () => {
      if (!window.confirm(`Ban ${label}? Their connections close and they cannot join any room.`)) return;
      void act("ban", {}, (p) => `${p.name} is banned.`);
    });
    const unban = el("button", { type: "button", text: "Unban" });
    unban.addEventListener("click", () => void act("unban", {}, (p) => `${p.name} is no longer banned.`));
    banRow.append(ban, " ", unban);
    box.append(banRow);

    const minutesId = nextId("minutes");
    const muteForm = el("form");
    const minutes = el("input", { id: minutesId, type: "number", min: 1, max: 525600, step: 1, value: 60, required: true });
    const unmute = el("button", { type: "button", text: "Unmute" });
    muteForm.append(el("label", { for: minutesId, text: "Mute chat for (minutes)" }), minutes, el("button", { type: "submit", text: "Mute" }), unmute);
    muteForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void act("mute", { minutes: Number(minutes.value) }, (p) => `${p.name}'s chat is muted until ${when(p.chatMutedUntil)}.`);
    });
    unmute.addEventListener("click", () => void act("unmute", {}, (p) => `${p.name}'s chat is no longer muted.`));
    box.append(muteForm);

    const nameId = nextId("rename");
    const renameForm = el("form");
    const newName = el("input", { id: nameId, maxlength: 20, required: true, autocomplete: "off" });
    renameForm.append(el("label", { for: nameId, text: "New name" }), newName, el("button", { type: "submit", text: "Rename" }));
    renameForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void act("rename", { name: newName.value }, (p) => `Renamed to ${p.name}.`);
    });
    box.append(renameForm);
    return box;
  }

  function chatLines(report) {
    if (!report.lines || report.lines.length === 0) return el("p", { text: "No chat lines (a report from a profile, or about the player)." });
    const list = el("ol", { class: "lines" });
    report.lines.forEach((line, i) => {
      const reported = i === report.lines.length - 1 && line.playerId === report.reportedId;
      const item = el("li", { class: reported ? "reported" : null });
      item.textContent = `[${new Date(line.at).toLocaleTimeString()}] ${line.channel} · ${line.name}: ${line.text}`;
      if (reported) item.append(el("span", { class: "visually-hidden", text: " (reported line)" }));
      list.append(item);
    });
    return list;
  }

  function reportCard(report, players) {
    const titleId = nextId("report");
    const card = el("article", { "aria-labelledby": titleId });
    const title = el("h3", { id: titleId, tabindex: -1, text: `Report against ${report.reportedName}: ${report.reason}` });
    card.append(title);
    card.append(
      definitions([
        ["Reported", playerLabel(report.reportedName, report.reportedId)],
        ["Reporter", playerLabel(report.reporterName, report.reporterId)],
        ["Reason", report.reason],
        ["Note", report.note || "(none)"],
        ["Filed", when(report.at)],
        ["Where", report.roomId ? `room ${report.roomId}${report.matchId ? `, match ${report.matchId}` : ""}` : "from outside a game"],
        ["Status", report.resolvedAt !== null ? `resolved ${when(report.resolvedAt)}: ${report.resolution}` : "open"],
      ]),
    );
    card.append(el("h4", { text: "Chat lines" }), chatLines(report));

    if (report.resolvedAt === null) {
      const resolutionId = nextId("resolution");
      const form = el("form");
      const resolution = el("input", { id: resolutionId, maxlength: 500, required: true, autocomplete: "off" });
      form.append(el("label", { for: resolutionId, text: "Resolution" }), resolution, el("button", { type: "submit", text: "Resolve" }));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await api("POST", `reports/${encodeURIComponent(report.id)}/resolve`, { resolution: resolution.value });
          say(`The report against ${report.reportedName} is resolved.`);
          await loadReports();
          document.getElementById("reports-title").focus();
        } catch (error) {
          complain(`Resolve failed: ${error.message}`);
        }
      });
      card.append(form);
    }
    const reported = players[report.reportedId];
    if (reported) card.append(playerActions(reported, reported.name));
    return card;
  }

  const reportsBox = document.getElementById("reports");
  const reportsEmpty = document.getElementById("reports-empty");
  const reportsStatus = document.getElementById("reports-status");

  async function loadReports() {
    try {
      const { reports, players } = await api("GET", `reports?status=${encodeURIComponent(reportsStatus.value)}`);
      reportsBox.replaceChildren(...reports.map((report) => reportCard(report, players)));
      reportsEmpty.hidden = reports.length > 0;
      return reports.length;
    } catch (error) {
      complain(`Could not load the reports: ${error.message}`);
      return 0;
    }
  }

  document.getElementById("reports-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const count = await loadReports();
    say(`${count} report${count === 1 ? "" : "s"} shown.`);
  });

  const lookupBox = document.getElementById("lookup");
  document.getElementById("lookup-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = document.getElementById("lookup-name").value.trim();
    try {
      const { players } = await api("GET", `players?name=${encodeURIComponent(name)}`);
      lookupBox.replaceChildren(...players.map(lookupCard));
      say(players.length === 0 ? `No player found for "${name}".` : `${players.length} player${players.length === 1 ? "" : "s"} found.`);
    } catch (error) {
      complain(`Lookup failed: ${error.message}`);
    }
  });

  function lookupCard(found) {
    const player = found.player;
    const titleId = nextId("player");
    const card = el("article", { "aria-labelledby": titleId });
    card.append(el("h3", { id: titleId, text: player.name }));
    card.append(
      definitions([
        ["Id", player.playerId],
        ["Account", player.username ? `username ${player.username}` : "guest"],
        ["Since", when(player.createdAt)],
      ]),
    );
    card.append(playerActions(player, player.name));
    card.append(el("h4", { text: `Reports against ${player.name}` }));
    if (found.reports.length === 0) card.append(el("p", { text: "None." }));
    const list = el("ul");
    for (const r of found.reports) {
      list.append(el("li", { text: `${when(r.at)}: ${r.reason} from ${r.reporterName}${r.note ? ` ("${r.note}")` : ""}, ${r.resolvedAt !== null ? `resolved: ${r.resolution}` : "open"}` }));
    }
    if (found.reports.length > 0) card.append(list);
    card.append(el("h4", { text: `What the operator did to ${player.name}` }));
    const history = found.history ?? [];
    if (history.length === 0) card.append(el("p", { text: "Nothing yet." }));
    const done = el("ul");
    for (const entry of history) done.append(el("li", { text: `${when(entry.at)}: ${actionWords(entry.action)}` }));
    if (history.length > 0) card.append(done);
    return card;
  }

  /** One line of the moderation log in words. */
  function actionWords(action) {
    switch (action.kind) {
      case "ban":
        return "banned";
      case "unban":
        return "unbanned";
      case "mute":
        return `chat muted until ${when(action.until)}`;
      case "unmute":
        return "chat unmuted";
      case "rename":
        return action.previousName ? `renamed from "${action.previousName}" to "${action.name}"` : `renamed to "${action.name}"`;
      default:
        return String(action.kind);
    }
  }

  const filter = document.getElementById("chat-filter");
  filter.addEventListener("change", async () => {
    const enabled = filter.checked;
    filter.disabled = true;
    try {
      const answer = await api("PUT", "chat-filter", { enabled });
      filter.checked = answer.enabled;
      say(`The chat filter is ${answer.enabled ? "on" : "off"}.`);
    } catch (error) {
      filter.checked = !enabled;
      complain(`Could not switch the chat filter: ${error.message}`);
    } finally {
      filter.disabled = false;
    }
  });

  void api("GET", "chat-filter").then(
    (answer) => {
      filter.checked = answer.enabled;
      filter.disabled = false;
    },
    (error) => complain(`Could not read the chat filter: ${error.message}`),
  );
  void loadReports();
})();
