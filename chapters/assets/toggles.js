/* A folded solution opens and closes from anywhere on its title.
 *
 * sphinx-togglebutton listens on the title of a folded admonition, but it
 * only knows clicks on the title's background and on its chevron; a click on
 * the link in "Solution to Problem …" (or on a formula or any other element
 * of the title) jumps to the problem and stops with "ReferenceError: button
 * is not defined". Such clicks are turned into a click on the chevron.
 */
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var title = target.closest('.toggle > .admonition-title');
    if (!title || target === title || target.closest('.toggle-button')) { return; }
    var button = title.querySelector('.toggle-button');
    if (!button) { return; }
    event.preventDefault();
    event.stopPropagation();
    button.click();
  }, true);
})();
