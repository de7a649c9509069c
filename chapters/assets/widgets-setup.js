/* Loaded before require.js and the ipywidgets HTML manager, on pages that
 * show saved widgets (see nb_ipywidgets_js in _config.yml). Two fixes, so
 * that such pages work offline with zero console errors:
 *
 * 1. The manager (ipywidgets 8) finds its icon fonts relative to the URL
 *    require.js gives its module id, "@jupyter-widgets/html-manager/dist/...",
 *    which by default is resolved against the page's folder (404). Map that
 *    id to the copy this site serves, before require.js reads its config.
 *
 * 2. The manager typesets widget labels with MathJax 2's call
 *    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the site runs
 *    MathJax 3, which has no Hub ("Cannot read properties of undefined
 *    (reading 'Queue')"). Whatever object window.MathJax holds gets a Hub
 *    that forwards to MathJax 3's typesetPromise.
 */
(function () {
  'use strict';
  var src = document.currentScript.src;
  var staticRoot = src.slice(0, src.lastIndexOf('/') + 1);

  // 1. require.js takes a plain object named `require` as its configuration.
  if (typeof window.require !== 'function') {
    var config = window.require || {};
    config.paths = config.paths || {};
    config.paths['@jupyter-widgets/html-manager/dist'] = staticRoot + 'vendor/html-manager';
    window.require = config;
  }

  // 2. A MathJax 2 Hub on top of MathJax 3.
  var hub = {
    Queue: function (command) {
      var element = command && command[2];
      var mj = window.MathJax;
      if (!mj || !mj.startup || !mj.startup.promise) { return; }  // MathJax not started: nothing to typeset yet
      mj.startup.promise
        .then(function () { return mj.typesetPromise(element ? [element] : undefined); })
        .catch(function (error) { console.error('MathJax could not typeset a widget label:', error); });
    }
  };
  function withHub(mj) {
    if (mj && typeof mj === 'object' && !Object.prototype.hasOwnProperty.call(mj, 'Hub')) {
      // not enumerable, so that MathJax 3 does not read it as configuration
      Object.defineProperty(mj, 'Hub', { value: hub, enumerable: false, configurable: true });
    }
    return mj;
  }
  var current = withHub(window.MathJax);
  Object.defineProperty(window, 'MathJax', {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); }
  });
})();
