import { z } from 'zod';
import { ComplaintInput } from '../../schemas/complaint';
import { RatingInput } from '../../schemas/rating';
import { SatisfactionReviewApiInput } from '../../schemas/complaint-satisfaction';
import { firstPractisingInstitutionCode } from '../../db/complaints-read-public';
import { OPEN311_PATHS, OPEN311_SCHEMAS } from '../open311-openapi';

/**
 * The OpenAPI 3.1 description of the public intake API, generated from the same zod schemas the
 * server validates with (OpenAPI 3.1 uses JSON Schema 2020-12, which is what zod emits). Every
 * request body has an `example` that the server accepts as it is.
 */

/** A complaint about an unlisted place: valid on any database (no institution code needed). */
export const COMPLAINT_EXAMPLE = {
  unlistedName: '幸福路无牌诊所（示例）',
  unlistedAddress: '示范县城关镇幸福路12号一楼',
  category: '执业资质',
  subcategory: 'ZZ01',
  description: '该处没有悬挂医疗机构执业许可证，却在居民楼一楼给人看病、输液。（接口示例）',
  occurredOn: '2025-03-15',
  anonymous: true,
  channel: '12345',
} as const;

function schemaOf(s: z.ZodType): Record<string, unknown> {
  const schema: Record<string, unknown> = { ...z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) };
  delete schema['$schema'];
  return schema;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: '中文说明。' },
    fieldErrors: {
      type: 'object',
      description: '按字段名给出的中文错误说明，如 { "description": "问题描述：必填" }；"_" 表示整体错误。',
      additionalProperties: { type: 'string' },
    },
  },
} as const;

const errorResponse = (description: string, example: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example } },
});

const retryAfter = { 'Retry-After': { description: '多少秒后可以重试。', schema: { type: 'integer' } } };

const commonErrors = {
  '400': errorResponse('内容有误（字段错误按字段名给出），或请求体不是有效的 JSON。', {
    error: '提交的内容有误，请按提示修改后重新提交。',
    fieldErrors: { description: '问题描述：必填' },
  }),
  '409': errorResponse('同一 Idempotency-Key 用于内容不同的请求。', { error: 'Idempotency-Key 已用于另一份内容不同的提交。' }),
  '413': errorResponse('请求体过大。', { error: '提交的内容过大（上限 256 KB）。' }),
  '415': errorResponse('请求体不是 JSON。', { error: '请求体必须是 JSON（Content-Type: application/json; charset=utf-8）。' }),
  '429': { ...errorResponse('提交过于频繁。', { error: '提交过于频繁，请 42 秒后再试。' }), headers: retryAfter },
  '503': {
    ...errorResponse('数据库暂时不可用，未保存。请稍后用同一 Idempotency-Key 重试。', { error: '系统暂时无法保存，请稍后再试。' }),
    headers: retryAfter,
  },
};

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    '幂等键（建议每份新提交用一个新的 UUID）。网络中断后从同一地址用同一个键重试，返回第一次的应答且不会重复登记；同一个键用于不同内容时返回 409。键只对第一次使用它的客户端地址有效，其他地址用同一个键视为新的提交。',
  schema: { type: 'string', minLength: 8, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
};

export function openApiDocument(ratingExampleCode: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: '医疗机构依法执业信用公示平台：投诉举报与评价接口',
      version: '1.0.0',
      description:
        '供12345热线、政务App等渠道转交群众投诉举报和评价。应答中的中文说明可直接展示给群众。' +
        '投诉在数据库提交成功（已落盘）后才返回 201；受理编号与查询码只返回这一次，凭二者可在 /complaints/status 查询办理进度。' +
        '举报人姓名和电话加密保存，不会出现在任何公开页面或开放数据中。',
    },
    servers: [{ url: '/' }],
    paths: {
      ...OPEN311_PATHS,
      '/api/complaints': {
        post: {
          operationId: 'createComplaint',
          summary: '提交投诉举报',
          description:
            '被投诉机构用 institutionCode（平台上的机构）或 unlistedName + unlistedAddress（平台上没有的，如无证行医）二选一。' +
            '未列出的机构请同时给出 regionCode（所在乡镇或街道的行政区划代码，如演示数据青禾县城关镇 419921100），投诉即分派给该辖区的监督员；不给时进入“未分派辖区”队列。' +
            '实名举报（anonymous=false）须填写 name 和 phone。证据照片请通过网页表单 /complaints/new 上传。',
          parameters: [idempotencyKey],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ComplaintInput' }, example: COMPLAINT_EXAMPLE } },
          },
          responses: {
            '201': {
              description: '已登记（已写入数据库）。用同一 Idempotency-Key 重试时返回同样的内容，并带 Idempotent-Replayed: true。',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/ComplaintReceipt' },
                  example: { trackingNo: '2612-3456-7890', queryCode: 'K7P2-9QXM', expectedAcceptBy: '2026-12-01' },
                },
              },
            },
            ...commonErrors,
          },
        },
      },
      '/api/ratings': {
        post: {
          operationId: 'createRating',
          summary: '评价医疗机构',
          description: '1–5 星，可附评价内容（经审核、隐去个人信息后才公开）。同一设备 30 天内对同一机构只能评价一次（重复评价返回 409）。',
          parameters: [idempotencyKey],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/RatingInput' },
                example: { institutionCode: ratingExampleCode, stars: 4, comment: '候诊环境整洁，价格公示清楚。（接口示例）' },
              },
            },
          },
          responses: {
            '201': {
              description: '评价已记录。',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/RatingReceipt' },
                  example: { commentStatus: '待审核' },
                },
              },
            },
            ...commonErrors,
            '409': errorResponse('30 天内已评价过该机构，或 Idempotency-Key 用于了不同内容。', { error: '您在 30 天内已经评价过该机构，感谢您的参与。' }),
          },
        },
      },
      '/api/complaint-satisfaction': {
        post: {
          operationId: 'reviewComplaintHandling',
          summary: '评价投诉办理情况（好差评）',
          description:
            '投诉办结（含不予受理）后 30 天内，凭受理编号和查询码评价办理情况（五级），可附原因和意见；每件投诉一份评价，期限内可以修改（以最后一次为准，历次评价均保留）。' +
            '“不满意”“非常不满意”转辖区卫生监督机构在 15 个工作日内核实并整改或说明，结果在 /complaints/status 反馈。受理编号或查询码不对的与查询进度一样返回 404，并同样限制尝试次数。',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/SatisfactionReviewInput' },
                example: {
                  trackingNo: '2612-3456-7893',
                  queryCode: 'K7P2-9QXM',
                  level: '不满意',
                  reasons: ['处理不及时'],
                  comment: '等了很久才有结果。（接口示例）',
                },
              },
            },
          },
          responses: {
            '201': {
              description: '评价已记录。',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/SatisfactionReviewReceipt' },
                  example: { version: 1, level: '不满意', changeableUntil: '2026-12-31', followUpDue: '2026-12-22', message: '感谢您的评价。……' },
                },
              },
            },
            '400': commonErrors['400'],
            '404': errorResponse('受理编号或查询码不正确。', {
              error: '受理编号或查询码不正确，或没有这件投诉。请核对后再试（注意区分查询码中的字母和数字）。',
            }),
            '409': errorResponse('投诉尚未办结，或已过 30 天评价期限。', { error: '这件投诉目前“调查中”，办结后才能评价办理情况。' }),
            '413': commonErrors['413'],
            '415': commonErrors['415'],
            '429': commonErrors['429'],
            '503': commonErrors['503'],
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: '本接口说明（OpenAPI 3.1）',
          responses: { '200': { description: '本文档。', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      schemas: {
        ComplaintInput: schemaOf(ComplaintInput),
        ComplaintReceipt: {
          type: 'object',
          required: ['trackingNo', 'queryCode', 'expectedAcceptBy'],
          properties: {
            trackingNo: { type: 'string', pattern: '^\\d{4}-\\d{4}-\\d{4}$', description: '受理编号（12位数字，末位为校验位），便于电话中报读。' },
            queryCode: { type: 'string', pattern: '^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$', description: '查询码（只返回这一次，平台只保存其摘要）。' },
            expectedAcceptBy: { type: 'string', format: 'date', description: '应受理日期（按工作日计算，已扣除法定节假日）。' },
          },
        },
        RatingInput: schemaOf(RatingInput),
        RatingReceipt: {
          type: 'object',
          required: ['commentStatus'],
          properties: {
            commentStatus: { type: 'string', enum: ['待审核', '无'], description: '评价内容的状态：待审核（有内容，审核后公开）或 无（只有星级）。' },
          },
        },
        SatisfactionReviewInput: schemaOf(SatisfactionReviewApiInput),
        SatisfactionReviewReceipt: {
          type: 'object',
          required: ['version', 'level', 'changeableUntil', 'followUpDue', 'message'],
          properties: {
            version: { type: 'integer', description: '第几次评价（1 为首次，修改一次加 1）。' },
            level: { type: 'string', description: '记录的评价。' },
            changeableUntil: { type: 'string', format: 'date', description: '此日（含）前可以修改评价。' },
            followUpDue: { type: ['string', 'null'], format: 'date', description: '本次差评启动核实的，核实整改的期限（工作日计算）；否则为 null。' },
            message: { type: 'string', description: '可直接展示给群众的中文说明。' },
          },
        },
        Error: errorSchema,
        ...OPEN311_SCHEMAS,
      },
    },
  };
}

/**
 * `GET /api/openapi.json` (built with the site). A real institution makes the rating example work
 * as it is on this deployment; without a database (or institution) the example code stands in.
 */
export async function openApiResponse(): Promise<Response> {
  const code = await firstPractisingInstitutionCode().catch(() => null);
  return new Response(JSON.stringify(openApiDocument(code ?? 'ABCD2345'), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
