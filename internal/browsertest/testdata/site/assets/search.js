// Fixture script: fetches a search index shard after load, as the search
// box will, so the weight helper can be seen to leave it out.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    fetch("/search/shard-0.json").then(function (r) { return r.json(); }).then(function () {
      document.documentElement.setAttribute("data-shard", "loaded");
    });
  });
})();
