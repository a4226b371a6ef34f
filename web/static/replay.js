// The replay page: show the slider's position as it moves, and go there when it is released.
(function () {
  "use strict";
  var form = document.getElementById("replay-form");
  var slider = document.getElementById("f-position");
  var output = document.getElementById("f-position-value");
  if (!form || !slider) {
    return;
  }
  slider.addEventListener("input", function () {
    if (output) {
      output.textContent = slider.value;
    }
  });
  slider.addEventListener("change", function () {
    form.submit();
  });
})();
