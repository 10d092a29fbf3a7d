// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";
  // "Print" buttons need a click handler, so they appear only when JavaScript runs.
  function revealPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", revealPrintButtons);
  // The service worker keeps the articles a person has read, and an offline page, on the device.
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").catch(function () {
        // Without a worker the site still works; only offline reading is lost.
      });
    });
  }
  // After htmx swaps the quiz card, move focus to its heading so screen readers announce the new step.
  document.addEventListener("htmx:afterSwap", function (event) {
    revealPrintButtons();
    var heading = document.querySelector("#step-card h1");
    // Only a new quiz card moves focus; a small swap inside a page (feedback, a form check) stays put.
    if (heading && event.detail.target && event.detail.target.id === "step-card") {
      heading.focus();
      window.scrollTo(0, 0);
    }
    // An answer to "Ask a question about this page": focus its first heading, so it is read out and in view;
    // a question to fix: focus the box again, with its message.
    var target = event.detail.target;
    if (target && target.id === "ask-answer") {
      var answer = target.querySelector("h3");
      if (answer) {
        answer.focus();
      }
    } else if (target && target.id === "ask") {
      var box = document.getElementById("ask-question");
      if (box) {
        box.focus();
      }
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
