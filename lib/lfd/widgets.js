(function () {
  var root = document.currentScript.parentNode;
  var data = JSON.parse(root.querySelector('.lfd-demo-data').textContent);
  var img = root.querySelector('.lfd-demo-frame');
  var caption = root.querySelector('.lfd-demo-caption');
  var inputs = root.querySelectorAll('[data-axis]');
  function update() {
    var index = 0;
    for (var k = 0; k < inputs.length; k++) {
      var axis = +inputs[k].getAttribute('data-axis');
      var i = +inputs[k].value;
      index = index * data.shape[axis] + i;
      var out = inputs[k].nextElementSibling;
      if (out && out.tagName === 'OUTPUT') { out.textContent = data.readouts[axis][i]; }
    }
    img.src = 'data:image/png;base64,' + data.images[data.frame[index]];
    caption.textContent = data.captions[index];
  }
  for (var k = 0; k < inputs.length; k++) {
    inputs[k].addEventListener('input', update);
    inputs[k].addEventListener('change', update);
  }
})();
