/* Varde base behaviour: print buttons. Every other component lives in its
   own file; each does nothing on pages without its elements. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  if (!buttons.length) return;
  buttons.forEach(function (b) {
    var holder = b.closest("[hidden]");
    if (holder) holder.hidden = false;
    b.addEventListener("click", function () {
      var size = b.getAttribute("data-print");
      document.body.classList.remove("print-a3", "print-a4");
      document.body.classList.add("print-" + size);
      window.print();
    });
  });
  window.addEventListener("afterprint", function () {
    document.body.classList.remove("print-a3", "print-a4");
  });
})();
