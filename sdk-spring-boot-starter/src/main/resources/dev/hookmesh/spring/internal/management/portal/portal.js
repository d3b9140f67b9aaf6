// The customer portal. Every value that comes from the customer, the receiver or the provider
// is put on the page with textContent, never as HTML, so a description or a response body
// holding markup shows as text. Changes carry the session's CSRF token.
"use strict";

(function () {
  const api = "api";
  let csrf = "";
  let catalog = [];
  let logCursor = null;
  let editing = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return node;
  }

  async function call(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (method !== "GET") headers["X-Hookmesh-Csrf"] = csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(api + path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 204) return null;
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(data.detail || ("The request failed (" + response.status + ")"));
    }
    return data;
  }

  function alertError(error) {
    const alert = $("alert");
    alert.textContent = error.message;
    alert.hidden = false;
    $("notice").hidden = true;
  }

  function notify(text) {
    const notice = $("notice");
    notice.textContent = text;
    notice.hidden = false;
    $("alert").hidden = true;
  }

  function guarded(action) {
    return async (event) => {
      if (event) event.preventDefault();
      try {
        await action(event);
      } catch (error) {
        alertError(error);
      }
    };
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : "";
  }

  // Tabs

  function show(tab) {
    for (const button of document.querySelectorAll(".tab")) {
      const selected = button.dataset.tab === tab;
      button.setAttribute("aria-selected", String(selected));
      $(button.dataset.tab).hidden = !selected;
    }
    if (tab === "log") loadLog(true).catch(alertError);
    if (tab === "endpoints") loadEndpoints().catch(alertError);
  }

  // Endpoints

  const STATE_TEXT = {
    "active": "Active",
    "disabled": "Disabled",
    "gone": "Gone: the endpoint answered 410 Gone, so nothing is sent to it. Re-enable it once it is back.",
    "auto-disabled": "Disabled after 5 days of failures: re-enable it once it answers again.",
    "failing": "Failing: deliveries are being retried."
  };

  async function loadEndpoints() {
    const endpoints = await call("GET", "/endpoints");
    const list = $("endpoint-list");
    list.replaceChildren();
    if (endpoints.length === 0) {
      list.append(el("p", { class: "muted", text: "No endpoints yet. Add one to start receiving webhooks." }));
    }
    for (const endpoint of endpoints) list.append(endpointCard(endpoint));
  }

  function endpointCard(endpoint) {
    const card = el("article", { class: "card", "data-endpoint": endpoint.id, "aria-label": endpoint.url });
    const state = endpoint.state;
    card.append(
      el("div", { class: "section-head" },
        el("span", { class: "endpoint-url", text: endpoint.url }),
        el("span", { class: "badge " + state, "data-testid": "state", text: state })),
      endpoint.description ? el("p", { class: "description", text: endpoint.description }) : null,
      el("p", { class: "muted", text: "Event types: " + (endpoint.eventTypes.length ? endpoint.eventTypes.join(", ") : "all") }));
    if (state !== "active") {
      card.append(el("p", { class: "problem", text: STATE_TEXT[state] || state }));
    }
    const secret = el("p", { class: "secret", "data-testid": "secret", text: "Signing secret: whsec_••••••••••••" });
    const stats = el("div", { class: "stats", "data-testid": "stats" });
    const typeSelect = el("select", { "aria-label": "Event type to send" },
      ...catalog.filter((type) => type.example).map((type) => el("option", { value: type.name, text: type.name })));
    card.append(secret, stats, el("div", { class: "actions" },
      el("button", { type: "button", "data-action": "reveal", onclick: guarded(async () => {
        const shown = await call("GET", "/endpoints/" + encodeURIComponent(endpoint.id) + "/secret");
        secret.textContent = "Signing secret: " + shown.secret;
      }) }, "Reveal secret"),
      el("button", { type: "button", "data-action": "rotate", onclick: guarded(async () => {
        if (!confirm("Rotate the secret? The old one keeps signing for 24 hours.")) return;
        const rotated = await call("POST", "/endpoints/" + encodeURIComponent(endpoint.id) + "/rotate", {});
        secret.textContent = "New signing secret: " + rotated.secret;
        notify("Secret rotated. The old one keeps working until " + when(rotated.previousSecretExpiresAt) + ".");
      }) }, "Rotate secret"),
      typeSelect,
      el("button", { type: "button", "data-action": "test", disabled: typeSelect.options.length === 0, onclick: guarded(async () => {
        const sent = await call("POST", "/endpoints/" + encodeURIComponent(endpoint.id) + "/test", { eventType: typeSelect.value });
        notify("Test event " + sent.messageId + " sent. It appears in the delivery log.");
      }) }, "Send test event"),
      el("button", { type: "button", "data-action": "edit", onclick: () => openForm(endpoint) }, "Edit"),
      state === "active" || state === "failing"
        ? el("button", { type: "button", "data-action": "disable", onclick: guarded(async () => {
            await call("PATCH", "/endpoints/" + encodeURIComponent(endpoint.id), { enabled: false });
            await loadEndpoints();
          }) }, "Disable")
        : el("button", { type: "button", "data-action": "enable", class: "primary", onclick: guarded(async () => {
            await call("POST", "/endpoints/" + encodeURIComponent(endpoint.id) + "/enable");
            notify("Endpoint enabled.");
            await loadEndpoints();
          }) }, "Enable"),
      el("button", { type: "button", "data-action": "delete", class: "danger", onclick: guarded(async () => {
        if (!confirm("Delete this endpoint? Deliveries still pending to it end.")) return;
        await call("DELETE", "/endpoints/" + encodeURIComponent(endpoint.id));
        await loadEndpoints();
      }) }, "Delete")));
    call("GET", "/endpoints/" + encodeURIComponent(endpoint.id) + "/stats").then((windows) => {
      for (const window of windows) {
        const label = window.window === "PT1H" ? "last hour" : "last day";
        stats.append(el("span", { text: window.attempts === 0 ? "No attempts in the " + label
          : Math.round(window.successRate * 100) + "% succeeded in the " + label
            + " (" + window.attempts + " attempts, p50 " + window.p50Ms + " ms, p99 " + window.p99Ms + " ms)" }));
      }
    }).catch(() => {});
    return card;
  }

  function openForm(endpoint) {
    editing = endpoint || null;
    $("endpoint-form-title").textContent = endpoint ? "Edit endpoint" : "Add an endpoint";
    $("endpoint-url").value = endpoint ? endpoint.url : "";
    $("endpoint-description").value = endpoint ? endpoint.description : "";
    const ticked = new Set(endpoint ? endpoint.eventTypes : []);
    const types = $("endpoint-types");
    types.replaceChildren();
    for (const type of catalog) {
      const id = "type-" + type.name;
      types.append(el("div", { class: "type" },
        el("label", { for: id },
          el("input", { type: "checkbox", id, value: type.name, checked: ticked.has(type.name) }),
          el("span", {}, el("strong", { text: type.name }),
            type.description ? el("span", { class: "muted", text: " " + type.description }) : null)),
        type.example ? el("details", { "data-example": type.name },
          el("summary", { text: "Example payload" }), el("pre", { text: pretty(type.example) }))
          : null));
    }
    $("endpoint-form").hidden = false;
    $("endpoint-url").focus();
  }

  async function saveEndpoint() {
    const eventTypes = [...$("endpoint-types").querySelectorAll("input:checked")].map((box) => box.value);
    const body = { url: $("endpoint-url").value.trim(), description: $("endpoint-description").value, eventTypes };
    if (editing) {
      await call("PATCH", "/endpoints/" + encodeURIComponent(editing.id), body);
      notify("Endpoint saved.");
    } else {
      const created = await call("POST", "/endpoints", body);
      notify("Endpoint added. Its signing secret, shown this once here (and later on request): " + created.secret);
    }
    $("endpoint-form").hidden = true;
    await loadEndpoints();
  }

  // The delivery log

  async function loadLog(fresh) {
    if (fresh) {
      logCursor = null;
      $("log-rows").replaceChildren();
      $("message-detail").hidden = true;
    }
    const status = $("log-status").value;
    const query = new URLSearchParams({ limit: "25" });
    if (status) query.set("status", status);
    if (logCursor) query.set("cursor", logCursor);
    const page = await call("GET", "/messages?" + query);
    for (const message of page.data) {
      const row = el("tr", { tabindex: "0", "data-message": message.id,
          onclick: guarded(() => openMessage(message.id)),
          onkeydown: (event) => { if (event.key === "Enter") openMessage(message.id).catch(alertError); } },
        el("td", { class: "endpoint-url", text: message.id }),
        el("td", { text: message.eventType }),
        el("td", {}, el("span", { class: "badge " + message.status, text: message.status })),
        el("td", { text: when(message.createdAt) }));
      $("log-rows").append(row);
    }
    if (fresh && page.data.length === 0) {
      $("log-rows").append(el("tr", {}, el("td", { colspan: "4", class: "muted", text: "No messages yet." })));
    }
    logCursor = page.next;
    $("log-more").hidden = !logCursor;
  }

  async function openMessage(id) {
    const [message, attempts] = await Promise.all([
      call("GET", "/messages/" + encodeURIComponent(id)),
      call("GET", "/messages/" + encodeURIComponent(id) + "/attempts")]);
    const detail = $("message-detail");
    detail.replaceChildren(
      el("h3", { text: message.eventType + " · " + message.id }),
      el("p", { class: "muted", text: "Created " + when(message.createdAt) }),
      el("pre", { "data-testid": "payload", text: JSON.stringify(message.payload, null, 2) }),
      el("div", { class: "actions" }, el("button", { type: "button", class: "primary", "data-action": "replay",
        onclick: guarded(async () => {
          await call("POST", "/messages/" + encodeURIComponent(id) + "/redeliver");
          notify("Replayed: the message is being sent again.");
        }) }, "Replay")));
    if (attempts.length === 0) detail.append(el("p", { class: "muted", text: "No attempts yet." }));
    for (const attempt of attempts) {
      detail.append(el("div", { class: "attempt", "data-testid": "attempt" },
        el("p", {},
          el("span", { class: "badge " + (attempt.succeeded ? "delivered" : "failed"),
            text: attempt.status === null ? "no response" : String(attempt.status) }),
          " attempt " + attempt.attempt + " · " + attempt.durationMs + " ms · " + when(attempt.startedAt)),
        attempt.error ? el("p", { class: "problem", text: attempt.error }) : null,
        attempt.responseBody ? el("pre", { "data-testid": "response", text: attempt.responseBody }) : null));
    }
    detail.hidden = false;
    detail.focus();
  }

  // The catalog

  function showCatalog() {
    const list = $("catalog-list");
    list.replaceChildren();
    for (const type of catalog) {
      list.append(el("article", { class: "card" },
        el("h3", { text: type.name + (type.deprecated ? " (deprecated)" : "") }),
        type.description ? el("p", { text: type.description }) : null,
        type.example ? el("details", {}, el("summary", { text: "Example payload" }),
          el("pre", { text: pretty(type.example) })) : null));
    }
  }

  function pretty(json) {
    try {
      return JSON.stringify(JSON.parse(json), null, 2);
    } catch (e) {
      return json;
    }
  }

  async function start() {
    const session = await call("GET", "/session");
    csrf = session.csrfToken;
    $("who").textContent = session.applicationName + " · this link works until " + when(session.expiresAt);
    catalog = await call("GET", "/event-types");
    showCatalog();
    await loadEndpoints();
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll(".tab")) {
      button.addEventListener("click", () => show(button.dataset.tab));
    }
    $("add-endpoint").addEventListener("click", () => openForm(null));
    $("endpoint-cancel").addEventListener("click", () => { $("endpoint-form").hidden = true; });
    $("endpoint-form").addEventListener("submit", guarded(saveEndpoint));
    $("log-status").addEventListener("change", guarded(() => loadLog(true)));
    $("log-refresh").addEventListener("click", guarded(() => loadLog(true)));
    $("log-more").addEventListener("click", guarded(() => loadLog(false)));
    start().catch(alertError);
  });
})();
