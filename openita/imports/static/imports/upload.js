// The upload page: htmx reports the upload's progress; show it in the bar.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.querySelector("#upload-progress progress");
  if (bar && event.detail.lengthComputable) { bar.value = Math.round(event.detail.loaded * 100 / event.detail.total); }
});
