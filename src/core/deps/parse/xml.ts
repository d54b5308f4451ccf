import { SaxesParser } from 'saxes';
import type { ParsedManifest } from '../types';
import { addDependency, emptyManifest, span } from './common';

interface OpenElement {
  name: string;
  start: number;
  attributes: Record<string, string>;
  text: string;
}

/**
 * Walks an XML document with saxes (strict, streaming, with positions) and calls `onClose` for every
 * element with its ancestors. A well-formedness error becomes a problem and stops the walk.
 */
function walkXml(text: string, manifest: ParsedManifest, onClose: (element: OpenElement, parents: readonly OpenElement[]) => void): void {
  const parser = new SaxesParser({ position: true });
  const stack: OpenElement[] = [];
  let failed = false;
  parser.on('error', (error) => {
    if (failed) return;
    failed = true;
    const at = Math.min(parser.position, text.length);
    manifest.problems.push({ message: `${manifest.kind} is not well-formed XML (${error.message.split('\n')[0].slice(0, 120)})`, span: span(Math.max(0, at - 1), at) });
  });
  parser.on('opentagstart', () => {
    stack.push({ name: '', start: Math.max(0, text.lastIndexOf('<', parser.position - 1)), attributes: {}, text: '' });
  });
  parser.on('opentag', (tag) => {
    const top = stack[stack.length - 1];
    top.name = tag.local ?? tag.name;
    for (const [key, value] of Object.entries(tag.attributes)) top.attributes[key] = typeof value === 'string' ? value : value.value;
  });
  parser.on('text', (value) => {
    if (stack.length) stack[stack.length - 1].text += value;
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element) onClose(element, stack);
  });
  try {
    parser.write(text).close();
  } catch {
    // saxes reports through the error handler; the first error is kept.
  }
}

/** pom.xml: dependencies (dependencyManagement included), and repositories that add package sources. */
export function parsePom(text: string): ParsedManifest {
  const manifest = emptyManifest('pom.xml', 'maven');
  const fields = new Map<OpenElement, Record<string, string>>();
  walkXml(text, manifest, (element, parents) => {
    const parent = parents[parents.length - 1];
    if (parent && ['groupId', 'artifactId', 'version', 'url'].includes(element.name)) {
      const record = fields.get(parent) ?? {};
      record[element.name] = element.text.trim();
      fields.set(parent, record);
      return;
    }
    const record = fields.get(element) ?? {};
    if ((element.name === 'dependency' || element.name === 'plugin') && record.artifactId) {
      addDependency(manifest, {
        name: `${record.groupId ?? 'org.apache.maven.plugins'}:${record.artifactId}`, spec: record.version ?? '',
        section: parents.map((p) => p.name).slice(1).join('.'), source: 'registry', span: span(element.start, element.start + `<${element.name}>`.length),
      });
    } else if ((element.name === 'repository' || element.name === 'pluginRepository') && record.url) {
      manifest.registries.push({ key: element.name, url: record.url, span: span(element.start, element.start + `<${element.name}>`.length) });
    }
    fields.delete(element);
  });
  return manifest;
}

/** *.csproj, *.fsproj, *.vbproj, Directory.Packages.props and nuget.config. */
export function parseMsbuild(text: string): ParsedManifest {
  const manifest = emptyManifest('csproj', 'nuget');
  const childVersions = new Map<OpenElement, string>();
  walkXml(text, manifest, (element, parents) => {
    const parent = parents[parents.length - 1];
    if (element.name === 'Version' && parent && (parent.name === 'PackageReference' || parent.name === 'PackageVersion')) {
      childVersions.set(parent, element.text.trim());
      return;
    }
    if (element.name === 'PackageReference' || element.name === 'PackageVersion') {
      const name = element.attributes.Include ?? element.attributes.Update;
      if (name) addDependency(manifest, { name, spec: element.attributes.Version ?? childVersions.get(element) ?? '', section: element.name, source: 'registry', span: span(element.start, element.start + element.name.length + 1) });
    } else if (element.name === 'add' && parent?.name === 'packageSources' && element.attributes.value) {
      manifest.registries.push({ key: `packageSources.${element.attributes.key ?? ''}`, url: element.attributes.value, span: span(element.start, element.start + 4) });
    } else if (element.name === 'Exec' && parent?.name === 'Target') {
      manifest.hooks.push({ name: `Target ${parent.attributes.Name ?? ''}`.trim(), command: element.attributes.Command ?? '', span: span(element.start, element.start + 5) });
    }
    childVersions.delete(element);
  });
  return manifest;
}
