// The replay page: the slider moves through the dialogue's acts; show the date and act of the step
// as it moves (to the eye and to screen readers), and go there when it is released.
(function () {
  "use strict";
  var form = document.getElementById("replay-form");
  var slider = document.getElementById("f-act");
  var output = document.getElementById("f-act-value");
  if (!form || !slider) {
    return;
  }
  var steps = JSON.parse(slider.getAttribute("data-steps") || "[]");
  slider.addEventListener("input", function () {
    var said = steps[Number(slider.value)] || slider.value;
    slider.setAttribute("aria-valuetext", said);
    if (output) {
      output.textContent = said;
    }
  });
  slider.addEventListener("change", function () {
    form.submit();
  });
})();
