import { useEffect, useRef } from 'react';
import { App, Button, Progress, Tooltip } from 'antd';
import { CloseOutlined, FilePdfOutlined, FileImageOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ACCEPT_FILES, ACCEPT_PHOTOS } from '../../lib/upload';
import { useUploads, type UploadItem } from '../../lib/useUploads';

/** The picked files as tiles: preview, progress while uploading, retry on failure, remove. */
export function UploadTiles({
  items,
  onRemove,
  onRetry,
  size = 88,
  children,
}: {
  items: UploadItem[];
  onRemove: (uid: string) => void;
  onRetry: (uid: string) => void;
  size?: number;
  children?: React.ReactNode;
}) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {items.map((it) => (
        <div key={it.uid} className="xa-upload-tile" style={{ width: size, height: size }} title={it.error ?? it.name}>
          {it.previewUrl ? (
            <img
              src={it.previewUrl}
              alt={it.name}
              onError={(e) => {
                e.currentTarget.style.visibility = 'hidden';
              }}
            />
          ) : (
            <div className="xa-upload-icon">
              {it.kind === 'photo' ? <FileImageOutlined /> : <FilePdfOutlined />}
              <span className="xa-file-tile-name">{it.name}</span>
            </div>
          )}
          {it.status === 'uploading' && (
            <div className="xa-upload-mask">
              <Progress type="circle" aria-label={`${it.name} 上传 ${it.percent}%`} percent={it.percent} size={Math.min(48, size - 24)} strokeColor="#fff" railColor="rgba(255,255,255,0.3)" format={(p) => <span style={{ color: '#fff' }}>{p}%</span>} />
            </div>
          )}
          {it.status === 'error' && (
            <div className="xa-upload-mask xa-upload-error">
              <span>上传失败</span>
              <Button size="small" icon={<ReloadOutlined />} onClick={() => onRetry(it.uid)} disabled={!it.file}>
                重试
              </Button>
            </div>
          )}
          <button type="button" className="xa-upload-remove" aria-label={`移除 ${it.name}`} onClick={() => onRemove(it.uid)}>
            <CloseOutlined />
          </button>
        </div>
      ))}
      {children}
    </div>
  );
}

/**
 * A form control whose value is the ids of uploaded files: each picked file goes to
 * /api/files at once and its id joins the value when the server has it.
 */
export function UploadField({
  value,
  onChange,
  unitId,
  allow = 'photo',
  max = 20,
  onBusyChange,
  id,
  capture,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  unitId?: string;
  allow?: 'photo' | 'any';
  max?: number;
  onBusyChange?: (busy: boolean) => void;
  id?: string;
  capture?: boolean;
}) {
  const { message } = App.useApp();
  const up = useUploads({ unitId, allow, max, onRejected: (m) => void message.error(m) });
  const input = useRef<HTMLInputElement>(null);
  const key = up.doneIds.join(',');

  useEffect(() => {
    if (key !== (value ?? []).join(',')) onChange?.(key ? key.split(',') : []);
    // Only when the uploaded set changes; the form's value follows it.
  }, [key]);
  const busyCb = useRef(onBusyChange);
  busyCb.current = onBusyChange;
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current === up.busy) return;
    wasBusy.current = up.busy;
    busyCb.current?.(up.busy);
  }, [up.busy]);
  // Leaving while busy (modal closed) must not leave the parent waiting.
  useEffect(
    () => () => {
      if (wasBusy.current) busyCb.current?.(false);
    },
    [],
  );

  return (
    <div id={id}>
      <UploadTiles items={up.items} onRemove={up.remove} onRetry={up.retry}>
        {up.items.length < max && (
          <Tooltip title={allow === 'photo' ? '照片：JPEG/PNG/WebP/HEIC，每个不超过 10 MB' : '照片或 PDF，每个不超过 10 MB'}>
            <button type="button" className="xa-upload-add" onClick={() => input.current?.click()}>
              <PlusOutlined />
              <span>{allow === 'photo' ? '添加照片' : '照片/文件'}</span>
            </button>
          </Tooltip>
        )}
      </UploadTiles>
      <input
        ref={input}
        type="file"
        className="xa-visually-hidden"
        tabIndex={-1}
        multiple
        aria-label={allow === 'photo' ? '选择照片' : '选择照片或文件'}
        accept={allow === 'photo' ? ACCEPT_PHOTOS : ACCEPT_FILES}
        capture={capture ? 'environment' : undefined}
        onChange={(e) => {
          up.add(e.target.files);
          e.target.value = '';
        }}
      />
    </div>
  );
}
