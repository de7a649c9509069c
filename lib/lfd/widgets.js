(function () {
  // A static demo: <div class="lfd-demo"> holds its controls, one <img>, a caption
  // and its data (JSON). Inside a notebook's output this script follows each demo
  // and its frames are base64 strings; on the website the frames are files
  // (data-frames names their folder, frame k is k.png), this script is loaded
  // once per page, and the browser fetches a frame when it is needed.
  function init(root) {
    if (root.getAttribute('data-ready')) { return; }
    root.setAttribute('data-ready', '1');
    var data = JSON.parse(root.querySelector('.lfd-demo-data').textContent);
    var folder = root.getAttribute('data-frames');
    var img = root.querySelector('.lfd-demo-frame');
    var caption = root.querySelector('.lfd-demo-caption');
    var inputs = root.querySelectorAll('[data-axis]');
    function src(index) {
      var k = data.frame[index];
      return folder ? folder + k + '.png' : 'data:image/png;base64,' + data.images[k];
    }
    function position() {
      var at = [];
      for (var k = 0; k < inputs.length; k++) { at[+inputs[k].getAttribute('data-axis')] = +inputs[k].value; }
      return at;
    }
    function flat(at) {
      var index = 0;
      for (var a = 0; a < data.shape.length; a++) { index = index * data.shape[a] + at[a]; }
      return index;
    }
    // Fetch the frames one step away on every control, so that the next move shows at once.
    function prefetch(at) {
      if (!folder) { return; }
      for (var a = 0; a < at.length; a++) {
        for (var d = -1; d <= 1; d += 2) {
          var next = at.slice();
          next[a] += d;
          if (next[a] >= 0 && next[a] < data.shape[a]) { new Image().src = src(flat(next)); }
        }
      }
    }
    function update() {
      var at = position();
      for (var k = 0; k < inputs.length; k++) {
        var out = inputs[k].nextElementSibling;
        var axis = +inputs[k].getAttribute('data-axis');
        if (out && out.tagName === 'OUTPUT') { out.textContent = data.readouts[axis][at[axis]]; }
      }
      var index = flat(at);
      img.src = src(index);
      caption.textContent = data.captions[index];
      prefetch(at);
    }
    for (var k = 0; k < inputs.length; k++) {
      inputs[k].addEventListener('input', update);
      inputs[k].addEventListener('change', update);
      inputs[k].addEventListener('focus', function () { prefetch(position()); });
    }
  }
  var here = document.currentScript && document.currentScript.parentNode;
  if (here && here.className === 'lfd-demo') { init(here); return; }
  function all() {
    var demos = document.querySelectorAll('.lfd-demo');
    for (var i = 0; i < demos.length; i++) { init(demos[i]); }
  }
  // The first frames wait for the demo to near the viewport (loading="lazy"); once the
  // reader scrolls, they are fetched in the background, so that a jump (a link, the
  // End key) never lands on an empty frame.
  function wake() {
    window.removeEventListener('scroll', wake);
    var frames = document.querySelectorAll('.lfd-demo-frame[loading="lazy"]');
    for (var i = 0; i < frames.length; i++) { frames[i].loading = 'eager'; }
  }
  window.addEventListener('scroll', wake, { passive: true });
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', all); } else { all(); }
})();
