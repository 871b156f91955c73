// seglab-vega: draws Vega-Lite outputs (application/vnd.vegalite.v5+json) in the classic Jupyter
// Notebook (6.x), which has no Vega renderer of its own. JupyterLab, Notebook 7 and VS Code render
// the same outputs natively. Installed into .jupyter-local by scripts/setup.sh together with the
// vega, vega-lite and vega-embed bundles from node_modules (served from this folder, offline).
define(['base/js/namespace', 'base/js/events', 'notebook/js/outputarea', 'require'], function (Jupyter, events, outputarea, require) {
  'use strict';
  var MIME = 'application/vnd.vegalite.v5+json';
  // This folder's URL (toUrl adds the notebook's cache-busting "?v=..." query: cut it off).
  var here = require.toUrl('./vega.min.js').split('?')[0].replace(/vega\.min\.js$/, '');
  window.requirejs.config({ paths: { vega: here + 'vega.min', 'vega-lite': here + 'vega-lite.min', 'vega-embed': here + 'vega-embed.min' } });

  function append(spec, md, element) {
    var toinsert = this.create_output_subarea(md, 'output_seglab_vega', MIME);
    var div = document.createElement('div');
    div.className = 'seglab-chart';
    toinsert.append(div);
    element.append(toinsert);
    window.requirejs(['vega-embed'], function (vegaEmbed) {
      vegaEmbed(div, spec, { mode: 'vega-lite', renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } }).catch(function (error) {
        div.textContent = 'The chart failed to draw: ' + error;
      });
    });
    return toinsert;
  }

  // Outputs drawn before this extension loaded showed their plain text: draw them again.
  function redraw() {
    Jupyter.notebook.get_cells().forEach(function (cell) {
      if (!cell.output_area) return;
      var outputs = cell.output_area.toJSON();
      if (!outputs.some(function (o) { return o.data && o.data[MIME]; })) return;
      cell.output_area.clear_output(false, true);
      cell.output_area.fromJSON(outputs);
    });
  }

  function load_ipython_extension() {
    outputarea.OutputArea.prototype.register_mime_type(MIME, append, { safe: true, index: 0 });
    if (Jupyter.notebook && Jupyter.notebook._fully_loaded) redraw();
    else events.on('notebook_loaded.Notebook', redraw);
  }
  return { load_ipython_extension: load_ipython_extension };
});
