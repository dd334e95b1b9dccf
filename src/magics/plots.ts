import { usageError } from '../errors.js';
import { requireValue } from './arg-readers.js';
import { defineMagic, type MagicSpec } from './magic-spec.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * %matplot and %plotly are understood by the Glue session's own REPL, which answers with an
 * image/png or text/html payload. As in the official kernel they are sent after the cell's code;
 * written among the leading magics, they are moved there.
 */

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function plotMagic(name: string, what: string, example: string): MagicSpec {
  return defineMagic<{ variable: string }>({
    name,
    kind: 'line',
    section: 'Action Magic',
    summary: `Displays a ${what} from the session.`,
    usage: `%${name} VARIABLE`,
    example,
    help: `Put it after the code that builds the ${what}; the image comes back from the session and is shown here.`,
    livePolicy: 'apply',
    parse(arg) {
      const variable = requireValue(arg, 'variable name').trim();
      if (!VARIABLE.test(variable))
        throw usageError(`'${quoteInput(variable)}' is not a variable name.`);
      return { variable };
    },
    async run(args) {
      return { appendRemoteCode: `%${name} ${args.variable}` };
    },
  });
}

export const matplotMagic = plotMagic(
  'matplot',
  'matplotlib figure',
  'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\n%matplot plt',
);
export const plotlyMagic = plotMagic(
  'plotly',
  'plotly figure',
  'import plotly.express as px\nfig = px.line(x=[1, 2, 3], y=[2, 4, 8])\n%plotly fig',
);

export const plotMagics: MagicSpec[] = [matplotMagic, plotlyMagic];
