import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerHelpers } from './template-helpers.ts';

export type DocumentTemplate = (view: object) => string;

/**
 * Handlebars templates from `templates/`: an agency's own folder first, then `default/`. Each agency gets its own
 * Handlebars instance so one agency's partials never leak into another's documents. `{{…}}` escapes HTML;
 * templates never use the unescaped `{{{…}}}` form for submitted data.
 */
type LocaleFile = Readonly<Record<string, Record<string, unknown>>>;

export class TemplateLibrary {
  private readonly instances = new Map<string, { handlebars: typeof Handlebars; compiled: Map<string, DocumentTemplate> }>();
  /**
   * Each locale file as parsed, or undefined for one that does not exist: kept for the life of the library, as its
   * compiled templates are. A page asks for words per row (hundreds of times); the files change only with a deploy,
   * and a new library (a new stack, a test's own folder) reads them afresh.
   */
  private readonly localeFiles = new Map<string, LocaleFile | undefined>();

  constructor(private readonly templatesDir: string) {}

  /**
   * The strings of a document type in a locale (`templates/<folder>/locales/<locale>.json` → `<documentType>`), over
   * the English ones, the agency's own over the default ones; undefined when the locale has none for that document.
   */
  strings(agencyId: string, documentType: string, locale: string): Record<string, unknown> | undefined {
    const layer = (folder: string, language: string) => this.localeFile(folder, language)?.[documentType];
    const own = [layer('default', locale), layer(agencyId, locale)];
    if (own.every((strings) => strings === undefined)) return undefined;
    return Object.assign({}, layer('default', 'en'), layer(agencyId, 'en'), ...own);
  }

  private localeFile(folder: string, language: string): LocaleFile | undefined {
    const file = join(this.templatesDir, folder, 'locales', `${language}.json`);
    if (!this.localeFiles.has(file)) this.localeFiles.set(file, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocaleFile) : undefined);
    return this.localeFiles.get(file);
  }

  has(agencyId: string, name: string): boolean {
    return existsSync(this.resolve(agencyId, `${name}.hbs`));
  }

  template(agencyId: string, name: string): DocumentTemplate {
    const instance = this.instance(agencyId);
    let template = instance.compiled.get(name);
    if (!template) {
      template = instance.handlebars.compile(readFileSync(this.resolve(agencyId, `${name}.hbs`), 'utf8'), { strict: false });
      instance.compiled.set(name, template);
    }
    return template;
  }

  private instance(agencyId: string) {
    let instance = this.instances.get(agencyId);
    if (!instance) {
      const handlebars = Handlebars.create();
      registerHelpers(handlebars);
      for (const folder of ['default', agencyId]) {
        const partials = join(this.templatesDir, folder, 'partials');
        if (!existsSync(partials)) continue;
        for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
          handlebars.registerPartial(file.slice(0, -'.hbs'.length), readFileSync(join(partials, file), 'utf8'));
        }
      }
      instance = { handlebars, compiled: new Map() };
      this.instances.set(agencyId, instance);
    }
    return instance;
  }

  private resolve(agencyId: string, file: string): string {
    const own = join(this.templatesDir, agencyId, file);
    return existsSync(own) ? own : join(this.templatesDir, 'default', file);
  }
}
