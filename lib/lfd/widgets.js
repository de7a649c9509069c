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
    // What lfd.widgets measured over every frame: the smallest text in image pixels and
    // the texts drawn on top of each other (the website's tests read these two).
    if (data.textPx != null) { root.setAttribute('data-text-px', data.textPx); }
    root.setAttribute('data-text-overlaps', (data.overlaps || []).length);
    // A tap, a click, Enter or Space on the frame opens it at full size.
    img.tabIndex = 0;
    img.setAttribute('aria-haspopup', 'dialog');
    img.title = 'Open the figure at full size';
    img.addEventListener('click', function () { zoom(img); });
    img.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); zoom(img); }
    });
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
  // The frame at its natural size over the page: scrollable and pinch-zoomable, closed by a
  // tap, a click, Escape or the close button; focus returns to the frame.
  function zoom(img) {
    if (document.querySelector('.lfd-zoom')) { return; }
    var overlay = document.createElement('div');
    overlay.className = 'lfd-zoom';
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', 'Figure at full size (Escape or a tap closes it)');
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'lfd-zoom-close';
    close.setAttribute('aria-label', 'Close');
    close.textContent = '\u00d7';
    var big = document.createElement('img');
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    if (img.naturalWidth) { big.width = img.naturalWidth; big.height = img.naturalHeight; }
    overlay.appendChild(close);
    overlay.appendChild(big);
    function shut() {
      document.removeEventListener('keydown', key, true);
      if (overlay.parentNode) { overlay.parentNode.removeChild(overlay); }
      document.documentElement.classList.remove('lfd-zoomed');
      img.focus();
    }
    function key(event) {
      if (event.key === 'Escape') { event.preventDefault(); shut(); }
      else if (event.key === 'Tab') { event.preventDefault(); close.focus(); }
    }
    // A tap that ends a scroll or a pinch does not close the overlay; a tap that stays does.
    var start = null;
    overlay.addEventListener('pointerdown', function (e) { start = [e.clientX, e.clientY, overlay.scrollLeft, overlay.scrollTop]; });
    overlay.addEventListener('click', function (e) {
      var moved = start && (Math.abs(e.clientX - start[0]) + Math.abs(e.clientY - start[1]) > 10 ||
                            overlay.scrollLeft !== start[2] || overlay.scrollTop !== start[3]);
      if (!moved || e.target === close) { shut(); }
    });
    document.addEventListener('keydown', key, true);
    document.body.appendChild(overlay);
    document.documentElement.classList.add('lfd-zoomed');
    close.focus();
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
