/**
 * The complaint form. Rendered on the server as plain HTML (it works with JavaScript off: a
 * normal multipart POST, errors come back with the form refilled), then hydrated by
 * complaint-form-client.ts, after which it checks fields as they are typed with the same zod
 * schema as the server, keeps a draft in localStorage, and submits with fetch so that a failed
 * submission (network, 503) leaves everything on the page.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { TargetedEvent } from 'preact';
import { CATEGORIES } from '../../domain/complaint-categories';
import { DESCRIPTION_MAX, MAX_PHOTO_BYTES, MAX_PHOTOS, parseComplaintForm } from '../../schemas/complaint';
import { clearDraft, readDraft, writeDraft } from './draft';

export interface ComplaintFormProps {
  token: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message: string | null;
  institution: { code: string; name: string; address: string | null } | null;
  /** Townships (乡镇/街道) to choose from for an unlisted place; it routes the complaint. */
  townships: { code: string; name: string; county: string | null }[];
  /** The database could not be reached while showing the page. */
  degraded: boolean;
  /** Today in China, the latest possible date of the incident. */
  today: string;
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** Townships grouped by county, in code order; one county needs no group heading. */
function townshipGroups(list: ComplaintFormProps['townships']): [string | null, ComplaintFormProps['townships']][] {
  const groups = new Map<string, ComplaintFormProps['townships']>();
  for (const t of list) {
    const key = t.county ?? '';
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  if (groups.size <= 1) return [[null, list]];
  return [...groups].map(([county, l]) => [county || '其他', l]);
}

/** The attributes of a one-line text input besides its binding. */
interface TextInput {
  type: 'text' | 'tel' | 'email';
  maxLength: number;
  autoComplete?: string;
  inputMode?: 'tel';
}

const described = (id: string, error: string | undefined, hint?: boolean) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function ComplaintForm(props: ComplaintFormProps) {
  const [values, setValues] = useState<Record<string, string>>(props.values);
  const [errors, setErrors] = useState<Record<string, string>>(props.errors);
  const [message, setMessage] = useState<string | null>(props.message);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [hydrated, setHydrated] = useState(false);
  const [restored, setRestored] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [photoError, setPhotoError] = useState<string | undefined>(undefined);
  const formRef = useRef<HTMLFormElement>(null);

  // After hydration: bring back a draft unless the server just refilled the form.
  useEffect(() => {
    setHydrated(true);
    const serverFilled = Object.entries(props.values).some(([k, v]) => k !== 'institutionCode' && v);
    const draft = readDraft();
    if (draft && !serverFilled) {
      setValues((v) => ({ ...draft, ...v, ...(props.institution ? { institutionCode: props.institution.code } : {}) }));
      setRestored(true);
    }
  }, []);

  useEffect(() => {
    if (hydrated) writeDraft(values);
  }, [values, hydrated]);

  const live = useMemo(() => {
    if (!hydrated) return {};
    const r = parseComplaintForm(values);
    return r.ok ? {} : r.fieldErrors;
  }, [values, hydrated]);

  // Before hydration: the server's messages. After: a field the person has worked on shows what
  // the schema says about it now; the others keep the last server (or submit) message.
  const errorOf = (field: string): string | undefined => (!hydrated ? errors[field] : touched.has(field) ? live[field] : errors[field]);

  const touch = (field: string) => () => {
    setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
  };
  const set = (field: string) => (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    const value = e.currentTarget.value;
    setValues((v) => {
      const next = { ...v, [field]: value };
      if (field === 'category' && v['subcategory'] && !CATEGORIES.find((c) => c.name === value)?.subcategories.some((s) => s.id === v['subcategory'])) {
        next['subcategory'] = '';
      }
      return next;
    });
    if (errors[field]) touch(field)();
  };
  const setAndTouch = (field: string) => (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    set(field)(e);
    touch(field)();
  };

  const checkPhotos = (e: TargetedEvent<HTMLInputElement>) => {
    const files = Array.from(e.currentTarget.files ?? []);
    if (files.length > MAX_PHOTOS) setPhotoError(`照片：最多上传 ${MAX_PHOTOS} 张`);
    else if (files.some((f) => f.size > MAX_PHOTO_BYTES)) setPhotoError('照片：每张照片不能超过 5 MB');
    else setPhotoError(undefined);
  };

  async function onSubmit(e: TargetedEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = formRef.current;
    if (!form) return;
    const r = parseComplaintForm(values);
    const all = r.ok ? {} : r.fieldErrors;
    if (!r.ok || photoError) {
      setErrors(all);
      setTouched(new Set());
      setMessage('提交的内容有误，请按提示修改后重新提交。');
      const first = Object.keys(all)[0] ?? (photoError ? 'photos' : '');
      form.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setSubmitting(true);
    setMessage(null);
    try {
      const response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } });
      const body = (await response.json().catch(() => null)) as { next?: string; error?: string; fieldErrors?: Record<string, string> } | null;
      if (response.ok && body?.next) {
        clearDraft();
        window.location.assign(body.next);
        return;
      }
      setErrors(body?.fieldErrors ?? {});
      setTouched(new Set());
      setMessage(body?.error ?? `提交没有成功（错误 ${response.status}）。您填写的内容仍保留在本页，请稍后重试。`);
    } catch {
      setMessage('网络连接失败，提交没有成功。您填写的内容已保存在本机浏览器中，请检查网络后重试。');
    } finally {
      setSubmitting(false);
    }
    formRef.current?.querySelector<HTMLElement>('.form-message')?.focus();
  }

  const v = (k: string) => values[k] ?? '';
  const category = CATEGORIES.find((c) => c.name === v('category'));
  const anonymous = v('anonymous');
  const summary = [...new Set([...Object.keys(errors), ...Object.keys(live)])]
    .map((field) => [field, field === 'photos' ? (photoError ?? errors['photos']) : field === '_' ? errors['_'] : errorOf(field)] as const)
    .filter((e): e is readonly [string, string] => Boolean(e[1]));
  const description = v('description');
  // What every control carries: its id and name, the field the error summary focuses, its error state.
  const control = (field: string, hint = false) => ({
    id: `f-${field}`,
    name: field,
    'data-field': field,
    'aria-invalid': errorOf(field) ? ('true' as const) : undefined,
    'aria-describedby': described(`f-${field}`, errorOf(field), hint),
  });
  // A one-line text field: its label with the 必填/可不填 note, the input, its error.
  const textField = (field: string, label: string, note: string, input: TextInput) => (
    <>
      <label for={`f-${field}`}>
        {label}
        <span class="req">（{note}）</span>
      </label>
      <input {...input} {...control(field)} value={v(field)} onInput={set(field)} onBlur={touch(field)} />
      <FieldError id={`f-${field}`} error={errorOf(field)} />
    </>
  );

  return (
    <form
      ref={formRef}
      method="post"
      action="/complaints/new"
      encType="multipart/form-data"
      noValidate
      onSubmit={
        hydrated
          ? (e) => {
              void onSubmit(e);
            }
          : undefined
      }
      class="complaint-form"
    >
      {props.degraded && (
        <p class="form-message" role="alert">
          系统暂时无法连接数据库，现在提交可能失败。您可以先填写，稍后再提交。
        </p>
      )}
      {message && (
        <div class="form-message" role="alert" tabIndex={-1}>
          <p>{message}</p>
          {summary.length > 0 && (
            <ul>
              {summary.map(([field, text]) => (
                <li key={field}>{field === '_' ? text : <a href={`#f-${field}`}>{text}</a>}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {restored && (
        <p class="form-note">
          已恢复您上次在本机填写、尚未提交的内容（姓名和电话不会保存在草稿中）。{' '}
          <button
            type="button"
            class="secondary"
            onClick={() => {
              clearDraft();
              setValues(props.institution ? { institutionCode: props.institution.code } : {});
              setRestored(false);
            }}
          >
            清空重填
          </button>
        </p>
      )}
      <input type="hidden" name="_token" value={props.token} />
      <div class="hp" aria-hidden="true">
        <label for="f-website">如果您是人工填写，请不要填写此项</label>
        <input type="text" id="f-website" name="website" tabIndex={-1} autoComplete="off" />
      </div>

      <fieldset>
        <legend>一、被投诉的机构</legend>
        {props.institution ? (
          <div class="chosen" id="f-institutionCode" data-field="institutionCode" tabIndex={-1}>
            <strong>{props.institution.name}</strong>
            {props.institution.address && <span>{props.institution.address}</span>}
            <input type="hidden" name="institutionCode" value={props.institution.code} />
            <p class="hint">
              <a href="/complaints/new">不是这家？重新选择机构</a>
            </p>
          </div>
        ) : (
          <>
            <p class="hint" id="f-institutionCode" data-field="institutionCode" tabIndex={-1}>
              请先在上方搜索并点选机构。找不到该机构，或对方没有执业许可（无证行医）时，请填写以下两项：
            </p>
            <FieldError id="f-institutionCode" error={errorOf('institutionCode')} />
            {textField('unlistedName', '机构名称或行医者称呼', '未列出的机构必填', { type: 'text', maxLength: 100 })}
            {textField('unlistedAddress', '地址或行医地点', '未列出的机构必填', { type: 'text', maxLength: 200 })}
            <label for="f-regionCode">
              所在乡镇（街道）<span class="req">（未列出的机构必填）</span>
            </label>
            <select {...control('regionCode', true)} value={v('regionCode')} onChange={setAndTouch('regionCode')}>
              <option value="">（请选择）</option>
              {townshipGroups(props.townships).map(([county, list]) =>
                county === null ? (
                  list.map((t) => (
                    <option value={t.code} key={t.code}>
                      {t.name}
                    </option>
                  ))
                ) : (
                  <optgroup label={county} key={county}>
                    {list.map((t) => (
                      <option value={t.code} key={t.code}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                ),
              )}
            </select>
            <p class="hint" id="f-regionCode-hint">
              投诉会转给该乡镇（街道）所在辖区的卫生监督员。
            </p>
            <FieldError id="f-regionCode" error={errorOf('regionCode')} />
          </>
        )}
      </fieldset>

      <fieldset id="f-category" data-field="category" tabIndex={-1} aria-describedby={described('f-category', errorOf('category'))}>
        <legend>
          二、问题类别<span class="req">（必填）</span>
        </legend>
        {CATEGORIES.map((c) => (
          <label class="choice" key={c.name}>
            <input type="radio" name="category" value={c.name} checked={v('category') === c.name} onChange={setAndTouch('category')} />
            <span>
              {c.name}
              <small>{c.hint}</small>
            </span>
          </label>
        ))}
        <FieldError id="f-category" error={errorOf('category')} />
        <label for="f-subcategory">具体问题（可不选）</label>
        <select {...control('subcategory')} value={v('subcategory')} onChange={setAndTouch('subcategory')}>
          <option value="">（不确定，或以上类别中的其他问题）</option>
          {(hydrated && category ? [category] : CATEGORIES).map((c) => (
            <optgroup label={c.name} key={c.name}>
              {c.subcategories.map((s) => (
                <option value={s.id} key={s.id}>
                  {s.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldError id="f-subcategory" error={errorOf('subcategory')} />
      </fieldset>

      <fieldset>
        <legend>三、问题描述</legend>
        <label for="f-description">
          请写明时间、地点、经过，涉及的人员或科室<span class="req">（必填）</span>
        </label>
        <textarea
          {...control('description', true)}
          maxLength={DESCRIPTION_MAX}
          value={description}
          onInput={set('description')}
          onBlur={touch('description')}
        />
        <p class="counter" id="f-description-hint" aria-live="polite">
          {Array.from(description).length} / {DESCRIPTION_MAX} 字
        </p>
        <FieldError id="f-description" error={errorOf('description')} />
        <label for="f-occurredOn">发生日期（可不填）</label>
        <input type="date" {...control('occurredOn')} max={props.today} min="2000-01-01" value={v('occurredOn')} onInput={setAndTouch('occurredOn')} />
        <FieldError id="f-occurredOn" error={errorOf('occurredOn')} />
        <label for="f-photos">证据照片（可不传，最多 3 张，每张不超过 5 MB）</label>
        <input
          type="file"
          id="f-photos"
          name="photos"
          data-field="photos"
          accept="image/jpeg,image/png,image/webp"
          multiple
          onChange={checkPhotos}
          aria-invalid={photoError || errors['photos'] ? 'true' : undefined}
          aria-describedby={described('f-photos', photoError ?? errors['photos'], true)}
        />
        <p class="hint" id="f-photos-hint">
          照片上传后会重新压缩，并去除拍摄地点、设备型号等隐藏信息。{errors['photos'] || message ? '提交未成功时需要重新选择照片。' : ''}
        </p>
        <FieldError id="f-photos" error={photoError ?? errors['photos']} />
      </fieldset>

      <fieldset id="f-anonymous" data-field="anonymous" tabIndex={-1} aria-describedby={described('f-anonymous', errorOf('anonymous'))}>
        <legend>
          四、举报方式<span class="req">（必填）</span>
        </legend>
        <label class="choice">
          <input type="radio" name="anonymous" value="0" checked={anonymous === '0'} onChange={setAndTouch('anonymous')} />
          <span>
            实名举报
            <small>可凭受理编号和查询码查看处理结果和监督员的反馈（有报必查、查必有果）。姓名和电话加密保存，不会公开。</small>
          </span>
        </label>
        <label class="choice">
          <input type="radio" name="anonymous" value="1" checked={anonymous === '1'} onChange={setAndTouch('anonymous')} />
          <span>
            匿名举报
            <small>不留姓名和电话。只能查看办理进度，不反馈处理结果。</small>
          </span>
        </label>
        <FieldError id="f-anonymous" error={errorOf('anonymous')} />
        {(!hydrated || anonymous !== '1') && (
          <div class="two">
            <div>{textField('name', '姓名', '实名举报必填', { type: 'text', autoComplete: 'name', maxLength: 30 })}</div>
            <div>{textField('phone', '联系电话', '实名举报必填', { type: 'tel', autoComplete: 'tel', inputMode: 'tel', maxLength: 30 })}</div>
            <div>{textField('email', '电子邮箱', '可不填，用于接收受理和办理结果通知', { type: 'email', autoComplete: 'email', maxLength: 200 })}</div>
          </div>
        )}
      </fieldset>

      <div class="actions">
        <button type="submit" disabled={submitting}>
          {submitting ? '正在提交…' : '提交投诉'}
        </button>
        <span class="hint">提交后会显示受理编号和查询码，请记下。</span>
      </div>
    </form>
  );
}
