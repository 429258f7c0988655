import { Image, Space, Typography } from 'antd';
import { FileImageOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { FileRef } from '../../api/types';
import { fileUrl, thumbnailUrl } from '../../lib/upload';

const SIZE = 88;

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A browser can show these itself; HEIC only through the server's thumbnail. */
const viewable = (mime: string) => ['image/jpeg', 'image/png', 'image/webp', 'image/gif'].includes(mime);

/**
 * Photos as thumbnails (click to see the full picture, arrows between them) and
 * documents as links that open the file. `kinds` covers ids whose metadata is missing.
 */
export function FileGallery({
  ids,
  files,
  kinds,
  empty = '无',
  size = SIZE,
}: {
  ids: readonly string[];
  files: ReadonlyMap<string, FileRef>;
  kinds?: ReadonlyMap<string, 'photo' | 'document'>;
  empty?: string;
  size?: number;
}) {
  if (ids.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  const photos: string[] = [];
  const docs: string[] = [];
  for (const id of ids) ((files.get(id)?.kind ?? kinds?.get(id) ?? 'photo') === 'photo' ? photos : docs).push(id);
  return (
    <div>
      {photos.length > 0 && (
        <Image.PreviewGroup>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {photos.map((id) => {
              const f = files.get(id);
              const thumb = f?.hasThumbnail === false ? (viewable(f.mime) ? fileUrl(id) : null) : thumbnailUrl(id);
              if (!thumb) {
                return (
                  <a key={id} href={fileUrl(id)} target="_blank" rel="noreferrer" style={{ width: size, height: size }} className="xa-file-tile">
                    <FileImageOutlined style={{ fontSize: 24 }} />
                    <span className="xa-file-tile-name">{f?.originalName ?? '照片'}</span>
                  </a>
                );
              }
              return (
                <Image
                  key={id}
                  src={thumb}
                  alt={f?.originalName ?? '照片'}
                  width={size}
                  height={size}
                  style={{ objectFit: 'cover', borderRadius: 6, background: '#f0f0f0' }}
                  preview={{ src: f && !viewable(f.mime) && f.hasThumbnail ? thumb : fileUrl(id) }}
                />
              );
            })}
          </div>
        </Image.PreviewGroup>
      )}
      {docs.length > 0 && (
        <Space orientation="vertical" size={2} style={{ marginTop: photos.length ? 8 : 0, display: 'flex' }}>
          {docs.map((id) => {
            const f = files.get(id);
            return (
              <a key={id} href={fileUrl(id)} target="_blank" rel="noreferrer" className="xa-wrap">
                {f?.mime === 'application/pdf' ? <FilePdfOutlined /> : <PaperClipOutlined />} {f?.originalName ?? `文件 ${id}`}
                {f && <Typography.Text type="secondary"> （{sizeText(f.sizeBytes)}）</Typography.Text>}
              </a>
            );
          })}
        </Space>
      )}
    </div>
  );
}
