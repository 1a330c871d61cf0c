/* Convene's page script: draws the network described in #convene-data with vis-network,
 * and wires the search box, the filters, the findings list and clicks.
 *
 * What it exposes for people and for tests:
 *   window.conveneSearch(text)  find a node by name (or id) among those shown, select and
 *                               focus it; returns its id, or null when nothing matches.
 *   window.conveneSelect(id)    select and focus the node with this id.
 *   #convene-network attributes: data-ready="1" once the network is drawn in its final
 *   layout; data-ready-ms, milliseconds from navigation start to then (data-script-ms and
 *   data-network-ms: when this script started, and when vis-network had been built);
 *   data-selected, the selected node's id; data-search, "found" or "none" after a search;
 *   data-shown, how many nodes the filters leave shown.
 *   A URL fragment #search=NAME runs a search as soon as the network is drawn.
 *
 * Tooltips arrive as HTML fragments escaped on the server (viz/tooltips.py); they contain
 * only Convene's own tags, so they are turned into elements here, when first shown.
 */
(function () {
  "use strict";

  var root = document.getElementById("convene-network");
  root.dataset.scriptMs = performance.now().toFixed(1);
  var payload = JSON.parse(document.getElementById("convene-data").textContent);
  var details = document.getElementById("convene-details");
  var status = document.getElementById("convene-search-status");
  var count = document.getElementById("convene-count");

  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    return holder.firstElementChild || holder;
  }

  // Tooltips are kept as strings and turned into elements only when shown (building
  // thousands of elements up front would slow a big page's first drawing).
  var tipHtml = {};
  var edgeTipHtml = {};
  var nodeRecords = payload.nodes.map(function (node) {
    var copy = Object.assign({}, node);
    tipHtml[copy.id] = copy.title;
    delete copy.title;
    return copy;
  });
  var edgeRecords = payload.edges.map(function (edge, i) {
    var copy = Object.assign({ id: "e" + i }, edge);
    edgeTipHtml[copy.id] = copy.title;
    delete copy.title;
    return copy;
  });

  var tip = document.createElement("div");
  tip.className = "cv-tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  root.appendChild(tip);

  function showTip(html, pointer) {
    if (typeof html !== "string") {
      return;
    }
    tip.replaceChildren(fragment(html));
    tip.hidden = false;
    var x = pointer ? pointer.x : 0;
    var y = pointer ? pointer.y : 0;
    var maxX = root.clientWidth - tip.offsetWidth - 8;
    var maxY = root.clientHeight - tip.offsetHeight - 8;
    tip.style.left = Math.max(4, Math.min(x + 14, maxX)) + "px";
    tip.style.top = Math.max(4, Math.min(y + 14, maxY)) + "px";
  }

  function hideTip() {
    tip.hidden = true;
  }

  var nodes = new vis.DataSet(nodeRecords);
  var edges = new vis.DataSet(edgeRecords);
  var network = new vis.Network(root, { nodes: nodes, edges: edges }, payload.options);
  window.conveneNetwork = network;
  root.dataset.networkMs = performance.now().toFixed(1);

  // -- when the network is usable ---------------------------------------------------------
  var settled = !payload.physics;
  var ready = false;

  function markReady() {
    if (ready) {
      return;
    }
    ready = true;
    root.dataset.readyMs = performance.now().toFixed(1);
    root.dataset.ready = "1";
    if (payload.focusNode !== null && nodes.get(payload.focusNode)) {
      network.selectNodes([payload.focusNode]);
      root.dataset.selected = payload.focusNode;
      show(payload.focusNode);
    }
    runFragment();
  }

  network.once("stabilizationIterationsDone", function () {
    settled = true;
    root.dataset.stabilized = "1";
    network.setOptions({ physics: { enabled: false } });
    network.redraw();
  });
  network.on("afterDrawing", function () {
    if (settled) {
      markReady();
    }
  });

  // -- details, selection and search ------------------------------------------------------
  function show(id) {
    if (!details) {
      return;
    }
    details.replaceChildren();
    if (tipHtml[id] !== undefined) {
      details.appendChild(fragment(tipHtml[id]));
    }
    if (!payload.focusUrl) {
      var hint = document.createElement("p");
      hint.className = "cv-hint";
      hint.textContent = "Its own network: convene viz --focus " + id + " --out FILE.html";
      details.appendChild(hint);
    }
  }

  // -- a selected node's neighbourhood stands out; everything else fades ------------------
  // Fading is one change of the network's own options (see-through nodes, hidden labels,
  // faint ties); only the few nodes and ties of the neighbourhood are updated one by one,
  // so a search on a page of thousands of nodes stays quick.
  var FADED = {
    nodes: { opacity: 0.1, font: { color: "rgba(0,0,0,0)", strokeWidth: 0 } },
    edges: { color: { opacity: 0.03 } },
  };
  var PLAIN = {
    nodes: { opacity: 1, font: { color: "#1A1A1A", strokeWidth: 3 } },
    edges: { color: { opacity: 1 } },
  };
  var originalFont = {};
  var originalEdgeColour = {};
  nodeRecords.forEach(function (n) {
    originalFont[n.id] = n.font || {};
  });
  var ownColour = [];
  edgeRecords.forEach(function (e) {
    originalEdgeColour[e.id] = e.color || payload.edgeColour;
    if (e.color) {
      ownColour.push(e.id);
    }
  });
  var faded = false;
  // Nodes and ties given their own opacity once keep it from then on (vis-network cannot
  // hand an item back to the network's options), so each is set explicitly every time.
  var touchedNodes = {};
  var touchedEdges = {};
  ownColour.forEach(function (e) { touchedEdges[e] = true; }); // they ignore the options

  function nodeLook(n, on) {
    var font = on ? PLAIN.nodes.font : FADED.nodes.font;
    return {
      id: n,
      opacity: on ? 1 : FADED.nodes.opacity,
      font: Object.assign({}, originalFont[n], font),
    };
  }

  var PLAIN_TIE = payload.edgeColour;
  var LIT_TIE = "#4D4D4D";

  function edgeLook(e, on, lit) {
    var colour = originalEdgeColour[e];
    if (lit && colour === PLAIN_TIE) {
      colour = LIT_TIE; // plain ties of the neighbourhood darken, to be followed by eye
    }
    var opacity = on ? 1 : FADED.edges.color.opacity;
    return { id: e, color: { color: colour, highlight: colour, hover: colour, opacity: opacity } };
  }

  function highlight(id) {
    if (!faded) {
      network.setOptions(FADED);
      faded = true;
    }
    var near = network.getConnectedNodes(id).concat([id]);
    var touching = network.getConnectedEdges(id);
    var nearSet = {};
    var touchingSet = {};
    near.forEach(function (n) { nearSet[n] = true; });
    touching.forEach(function (e) { touchingSet[e] = true; });
    var nodeChanges = [];
    Object.keys(touchedNodes).forEach(function (n) {
      if (!nearSet[n]) {
        nodeChanges.push(nodeLook(n, false));
      }
    });
    near.forEach(function (n) {
      touchedNodes[n] = true;
      nodeChanges.push(nodeLook(n, true));
    });
    var edgeChanges = [];
    Object.keys(touchedEdges).forEach(function (e) {
      if (!touchingSet[e]) {
        edgeChanges.push(edgeLook(e, false, false));
      }
    });
    touching.forEach(function (e) {
      touchedEdges[e] = true;
      edgeChanges.push(edgeLook(e, true, true));
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    return near;
  }

  function clearHighlight() {
    if (!faded) {
      return;
    }
    nodes.update(Object.keys(touchedNodes).map(function (n) { return nodeLook(n, true); }));
    edges.update(Object.keys(touchedEdges).map(function (e) { return edgeLook(e, true, false); }));
    network.setOptions(PLAIN);
    faded = false;
  }

  function select(id, focus) {
    var near = highlight(id);
    network.selectNodes([id]);
    if (focus) {
      // Fit the node and its neighbours, but never closer than a comfortable reading zoom.
      network.fit({ nodes: near, animation: false });
      if (network.getScale() > 1.5) {
        network.moveTo({ scale: 1.5, animation: false });
      }
    }
    root.dataset.selected = id;
    show(id);
  }

  function unselect() {
    network.unselectAll();
    clearHighlight();
    root.dataset.selected = "";
  }

  function fold(text) {
    return String(text === undefined || text === null ? "" : text)
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLocaleLowerCase()
      .trim();
  }

  function search(text) {
    var wanted = fold(text);
    if (!wanted) {
      return null;
    }
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } });
    var tests = [
      function (n) { return fold(n.label) === wanted; },
      function (n) { return fold(n.id) === wanted; },
      function (n) { return fold(n.label).indexOf(wanted) === 0; },
      function (n) { return fold(n.label).indexOf(wanted) !== -1; },
    ];
    for (var t = 0; t < tests.length; t++) {
      var found = shown.filter(tests[t]);
      if (found.length) {
        found.sort(function (a, b) { return (b.size || 0) - (a.size || 0); });
        return found[0].id;
      }
    }
    return null;
  }

  window.conveneSearch = function (text) {
    var id = search(text);
    if (id === null) {
      unselect();
      root.dataset.search = "none";
      if (status) {
        status.textContent = "No node shown here matches \u201c" + text + "\u201d.";
      }
      return null;
    }
    select(id, true);
    root.dataset.search = "found";
    if (status) {
      status.textContent = "";
    }
    return id;
  };

  window.conveneSelect = function (id) {
    if (!nodes.get(id)) {
      return false;
    }
    select(id, true);
    return true;
  };

  function runFragment() {
    var hash = window.location.hash.replace(/^#/, "");
    var params = new URLSearchParams(hash);
    var wanted = params.get("search");
    if (wanted) {
      var input = document.getElementById("convene-search");
      if (input) {
        input.value = wanted;
      }
      window.conveneSearch(wanted);
    }
  }
  window.addEventListener("hashchange", function () {
    if (ready) {
      runFragment();
    }
  });

  var form = document.getElementById("convene-search-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.conveneSearch(document.getElementById("convene-search").value);
    });
  }

  // -- clicks -------------------------------------------------------------------------------
  network.on("click", function (params) {
    if (!params.nodes.length) {
      if (!params.edges.length) {
        unselect();
      }
      return;
    }
    var id = params.nodes[0];
    var node = nodes.get(id);
    var target = node && node.link ? node.link : null;
    if (!target && payload.focusUrl) {
      target = payload.focusUrl.replace("{id}", encodeURIComponent(id));
    }
    if (target) {
      window.location.assign(target);
      return;
    }
    select(id, false);
  });
  network.on("hoverNode", function (params) {
    showTip(tipHtml[params.node], params.pointer && params.pointer.DOM);
    show(params.node);
  });
  network.on("blurNode", hideTip);
  network.on("hoverEdge", function (params) {
    showTip(edgeTipHtml[params.edge], params.pointer && params.pointer.DOM);
  });
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  document.querySelectorAll("button.cv-item[data-node]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.conveneSelect(button.getAttribute("data-node"));
    });
  });

  // -- filters by kind and scale ----------------------------------------------------------------
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));

  function allowed(group) {
    var on = {};
    boxes.forEach(function (box) {
      if (box.getAttribute("data-filter") === group && box.checked) {
        on[box.value] = true;
      }
    });
    return on;
  }

  function applyFilters() {
    var kinds = allowed("kind");
    var scales = allowed("scale");
    var changes = [];
    var visible = 0;
    nodes.forEach(function (node) {
      var hide = false;
      if (node.kind) {
        hide = !kinds[node.kind] || !scales[node.scale || "none"];
      }
      if (!hide) {
        visible += 1;
      }
      if (Boolean(node.hidden) !== hide) {
        changes.push({ id: node.id, hidden: hide });
      }
    });
    if (changes.length) {
      nodes.update(changes);
    }
    root.dataset.shown = String(visible);
    if (count) {
      count.textContent = visible + " of " + nodes.length + " nodes shown";
    }
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  root.dataset.shown = String(nodes.length);
})();
