/**
 * Slack's documented Block Kit limits. Over any of them chat.postMessage answers `invalid_blocks`
 * and a webhook answers 400, so the message is fitted before it is sent rather than lost.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  messageText: 40_000,
} as const;

export const ELLIPSIS = '…';

/**
 * Shortens text to at most `max` characters, ending in "…". Never splits a surrogate pair, and
 * drops a half-cut mrkdwn link or mention (`<https://…|text>`), which Slack would show as garbage.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  return cut + ELLIPSIS;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text object (`{type, text}`) with its text shortened; anything else unchanged. */
function fitText(value: unknown, max: number): unknown {
  if (!isObject(value) || typeof value.text !== 'string') return value;
  return value.text.length > max ? { ...value, text: truncate(value.text, max) } : value;
}

function fitButton(element: unknown): unknown {
  if (!isObject(element) || element.type !== 'button') return element;
  return { ...element, text: fitText(element.text, SLACK_LIMITS.buttonText) };
}

/** One block in, one or more blocks out (a section with too many fields becomes several). */
function fitBlock(block: unknown): unknown[] {
  if (!isObject(block)) return [block];
  switch (block.type) {
    case 'header':
      return [{ ...block, text: fitText(block.text, SLACK_LIMITS.headerText) }];
    case 'section': {
      const fitted: Json = { ...block };
      if (block.text !== undefined) fitted.text = fitText(block.text, SLACK_LIMITS.sectionText);
      if (block.accessory !== undefined) fitted.accessory = fitButton(block.accessory);
      if (!Array.isArray(block.fields)) return [fitted];
      const fields = block.fields.map((f) => fitText(f, SLACK_LIMITS.fieldText));
      if (fields.length <= SLACK_LIMITS.sectionFields) return [{ ...fitted, fields }];
      // Keep every field: the rest go into plain follow-on sections of ten.
      const sections: unknown[] = [
        { ...fitted, fields: fields.slice(0, SLACK_LIMITS.sectionFields) },
      ];
      for (let i = SLACK_LIMITS.sectionFields; i < fields.length; i += SLACK_LIMITS.sectionFields) {
        sections.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.sectionFields) });
      }
      return sections;
    }
    case 'context': {
      if (!Array.isArray(block.elements)) return [block];
      const elements = block.elements
        .slice(0, SLACK_LIMITS.contextElements)
        .map((e) => fitText(e, SLACK_LIMITS.contextText));
      return [{ ...block, elements }];
    }
    case 'actions': {
      if (!Array.isArray(block.elements)) return [block];
      return [
        {
          ...block,
          elements: block.elements.slice(0, SLACK_LIMITS.actionsElements).map(fitButton),
        },
      ];
    }
    default:
      return [block];
  }
}

export function fitBlocks(blocks: readonly unknown[]): unknown[] {
  const fitted = blocks.flatMap(fitBlock);
  if (fitted.length <= SLACK_LIMITS.blocks) return fitted;
  const kept = fitted.slice(0, SLACK_LIMITS.blocks - 1);
  const dropped = fitted.length - kept.length;
  return [
    ...kept,
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${ELLIPSIS} ${dropped} more blocks not shown (Slack shows at most ${SLACK_LIMITS.blocks})`,
        },
      ],
    },
  ];
}

/**
 * A message payload (ours or a user's template) fitted to Slack's limits: top-level text, blocks,
 * and the blocks of each attachment. Everything else passes through untouched.
 */
export function fitMessage<T extends object>(message: T): T {
  const fitted: Json = { ...(message as Json) };
  if (typeof fitted.text === 'string') {
    fitted.text = truncate(fitted.text, SLACK_LIMITS.messageText);
  }
  if (Array.isArray(fitted.blocks)) fitted.blocks = fitBlocks(fitted.blocks);
  if (Array.isArray(fitted.attachments)) {
    fitted.attachments = fitted.attachments.map((a: unknown) =>
      isObject(a) && Array.isArray(a.blocks) ? { ...a, blocks: fitBlocks(a.blocks) } : a,
    );
  }
  return fitted as T;
}
