import { parseMultipart } from './parse-multipart.ts';

/** A file part of a Bot API request, exactly as uploaded. */
export interface UploadedFile {
  field: string;
  filename: string | null;
  contentType: string | null;
  bytes: Buffer;
}

export interface RequestParams {
  params: Record<string, unknown>;
  files: UploadedFile[];
}

/**
 * Reads Bot API parameters the way Telegram accepts them: query string, JSON, urlencoded form or multipart
 * (body fields win over the query string). Throws on an unparseable body.
 */
export function readRequestParams(url: URL, contentType: string, body: Buffer): RequestParams {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: UploadedFile[] = [];
  const type = contentType.toLowerCase();
  if (body.length === 0) return { params, files };
  if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('JSON body must be an object');
    }
    Object.assign(params, parsed);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  } else if (type.startsWith('multipart/form-data')) {
    for (const part of parseMultipart(body, contentType)) {
      if (part.filename === null) params[part.name] = part.data.toString('utf8');
      else
        files.push({
          field: part.name,
          filename: part.filename,
          contentType: part.contentType,
          bytes: part.data,
        });
    }
  }
  return { params, files };
}
