/* spinscope: tooltips for highlighted spans and jumping to claims. No dependencies. */
(function () {
  "use strict";

  function spanIndices(seg) {
    var value = seg.getAttribute("data-spans");
    return value ? value.split(" ").map(Number) : [];
  }

  function init(root, tipNumber) {
    var dataEl = root.querySelector("script.spinscope-data");
    if (!dataEl) {
      return;
    }
    var data = JSON.parse(dataEl.textContent);
    var tip = document.createElement("div");
    tip.className = "ss-tip";
    tip.id = "ss-tip-" + tipNumber;
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    var current = null;

    root.querySelectorAll(".seg[title]").forEach(function (seg) {
      seg.removeAttribute("title");
    });

    function setHighlight(indices, on) {
      indices.forEach(function (i) {
        root.querySelectorAll('.seg[data-spans~="' + i + '"]').forEach(function (el) {
          el.classList.toggle("hl", on);
        });
      });
    }

    function fill(indices) {
      tip.textContent = "";
      indices.forEach(function (i) {
        var span = data.spans[i];
        var technique = data.techniques[span.technique] || { name: span.technique, definition: "" };
        var item = document.createElement("div");
        item.className = "tip-item";
        var head = document.createElement("div");
        var swatch = document.createElement("span");
        swatch.className = "tip-swatch";
        var source = root.querySelector('.seg[data-spans~="' + i + '"] .u');
        if (source) {
          swatch.style.setProperty("--tc", getComputedStyle(source).getPropertyValue("--tc"));
        }
        var name = document.createElement("span");
        name.className = "tip-name";
        name.textContent = technique.name;
        head.appendChild(swatch);
        head.appendChild(name);
        head.appendChild(document.createTextNode(" \u00b7 score " + span.score.toFixed(2)));
        item.appendChild(head);
        if (span.quoted) {
          var quoted = document.createElement("div");
          quoted.className = "tip-quoted";
          quoted.textContent = "In quoted speech: reported, not the author's own voice.";
          item.appendChild(quoted);
        }
        if (technique.definition) {
          var definition = document.createElement("div");
          definition.className = "tip-definition";
          definition.textContent = technique.definition;
          item.appendChild(definition);
        }
        tip.appendChild(item);
      });
    }

    function show(seg) {
      if (current === seg) {
        return;
      }
      hide();
      current = seg;
      var indices = spanIndices(seg);
      fill(indices);
      setHighlight(indices, true);
      seg.setAttribute("aria-describedby", tip.id);
      tip.hidden = false;
      var rect = seg.getBoundingClientRect();
      var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
      tip.style.left = left + "px";
      tip.style.top = rect.bottom + window.scrollY + 8 + "px";
    }

    function hide() {
      if (!current) {
        return;
      }
      setHighlight(spanIndices(current), false);
      current.removeAttribute("aria-describedby");
      current = null;
      tip.hidden = true;
    }

    function segFrom(target) {
      var seg = target instanceof Element ? target.closest(".seg.has-spans") : null;
      return seg && root.contains(seg) ? seg : null;
    }

    root.addEventListener("mouseover", function (event) {
      var seg = segFrom(event.target);
      if (seg) {
        show(seg);
      }
    });
    root.addEventListener("mouseout", function (event) {
      if (current && !(event.relatedTarget instanceof Node && current.contains(event.relatedTarget))) {
        hide();
      }
    });
    root.addEventListener("focusin", function (event) {
      var seg = segFrom(event.target);
      if (seg) {
        show(seg);
      }
    });
    root.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        hide();
      }
    });

    root.querySelectorAll("a.claim-link").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var claim = link.getAttribute("data-claim");
        var segs = root.querySelectorAll('.seg[data-claims~="' + claim + '"]');
        if (!segs.length) {
          return;
        }
        event.preventDefault();
        root.querySelectorAll(".seg.claim-active").forEach(function (el) {
          el.classList.remove("claim-active");
        });
        segs.forEach(function (el) {
          el.classList.add("claim-active");
        });
        var first = segs[0];
        if (!first.hasAttribute("tabindex")) {
          first.setAttribute("tabindex", "-1");
        }
        first.scrollIntoView({ block: "center" });
        first.focus({ preventScroll: true });
      });
    });
  }

  /* The form: the size limit checked before sending, and the pasted text kept in this tab's
     storage so that no answer (an error page included) ever loses it. */
  function initForm(form) {
    var area = form.querySelector("#ss-text");
    var status = document.getElementById("ss-size");
    if (!area) {
      return;
    }
    var key = "spinscope-text";
    try {
      var saved = window.sessionStorage.getItem(key);
      if (!area.value.trim() && saved) {
        area.value = saved;
      }
    } catch (e) {
      /* storage unavailable: the server echoes the text back instead */
    }
    var limit = Number(form.getAttribute("data-max-body") || 0);
    function size() {
      return new Blob([area.value]).size;
    }
    function report() {
      if (!status || !limit) {
        return true;
      }
      var bytes = size();
      var over = bytes > limit - 4096;
      status.textContent = over
        ? "This text is " + bytes.toLocaleString() + " bytes, over this server's limit of " +
          limit.toLocaleString() + ": shorten it, or use spinscope analyze on the command line."
        : "";
      status.classList.toggle("ss-error", over);
      return !over;
    }
    area.addEventListener("input", report);
    form.addEventListener("submit", function (event) {
      try {
        window.sessionStorage.setItem(key, area.value);
      } catch (e) {
        /* too large for storage: nothing to do */
      }
      if (!report()) {
        event.preventDefault();
      }
    });
    report();
  }

  document.querySelectorAll("form.ss-form").forEach(initForm);
  document.querySelectorAll(".spinscope-analysis").forEach(function (root, number) {
    init(root, number);
  });
})();
