// polsearch serve: the page works without this script; it only adds keys.
// "/" focuses the search box (unless typing in a field); Escape leaves it.
document.addEventListener("keydown", function (e) {
  var box = document.getElementById("q");
  if (!box) return;
  var t = e.target;
  var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
  if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    box.focus();
    box.select();
  } else if (e.key === "Escape" && t === box) {
    box.blur();
  }
});
