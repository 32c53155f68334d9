import { Alert, Button, Radio, Skeleton, Space } from 'antd';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { dueDate, formatInstant } from '../../components/dates';
import { KIND } from '../../components/labels';
import { ProblemNotice } from '../../components/ProblemNotice';
import { regionName } from '../../lib/regions';
import type { Schemas } from '../../services/api';
import { useCase } from '../case/useCase';
import { T } from './texts';
import './receipt.css';

type Paper = 'A4' | 'A5';

/** The applicants' status address for this case (API.md "Applicants"); the code is asked for separately. */
function statusUrl(caseNo: string): string {
  return `${window.location.origin}/v1/public/cases/${encodeURIComponent(caseNo)}`;
}

export default function ReceiptPage() {
  const { idOrCaseNo = '' } = useParams();
  const navigate = useNavigate();
  // The access code exists only in the answer that created the case: it is handed over in memory, never stored.
  const created = (useLocation().state as { created?: Schemas['CreatedCase'] } | null)?.created;
  const query = useCase(idOrCaseNo);
  const [paper, setPaper] = useState<Paper>('A5');
  const c = query.data ?? created;

  return (
    <div>
      <style>{`@page { size: ${paper}; margin: 12mm; }`}</style>
      <Space className="no-print" style={{ marginBottom: 16 }} wrap>
        <Button onClick={() => void navigate(`/cases/${idOrCaseNo}`)}>{T.back}</Button>
        <Radio.Group aria-label={T.paper} optionType="button" value={paper} onChange={(e) => setPaper(e.target.value as Paper)} options={['A4', 'A5']} />
        <Button type="primary" onClick={() => window.print()}>
          {T.print}
        </Button>
        {created && <Alert type="success" showIcon title={T.created} />}
      </Space>
      <ProblemNotice error={query.error} />
      {!c ? (
        <Skeleton active />
      ) : (
        <article className={`receipt receipt-${paper}`} aria-label={T.title}>
          <h1>{T.title}</h1>
          <div className="receipt-body">
            <dl>
              <dt>{T.caseNo}</dt>
              <dd className="receipt-caseno">{c.caseNo}</dd>
              <dt>{T.kind}</dt>
              <dd>{KIND[c.kind]}</dd>
              <dt>{T.applicant}</dt>
              <dd>{c.applicant.name}</dd>
              <dt>{T.idNumber}</dt>
              <dd>{c.applicant.idNumberMasked}</dd>
              <dt>{T.receivedAt}</dt>
              <dd>{formatInstant(c.createdAt)}</dd>
              <dt>{T.agency}</dt>
              <dd>{regionName(c.kind === 'TRANSFER' ? c.fromRegion : c.region)}</dd>
              <dt>{T.promised}</dt>
              <dd>{c.sla?.overall?.dueAt ? T.promisedValue(dueDate(c.sla.overall.dueAt)) : '—'}</dd>
              {created?.accessCode && (
                <>
                  <dt>{T.accessCode}</dt>
                  <dd className="receipt-code">{created.accessCode}</dd>
                </>
              )}
            </dl>
            <figure>
              <QRCodeSVG value={statusUrl(c.caseNo)} size={132} marginSize={1} title={T.qr} />
              <figcaption>{T.qr}</figcaption>
            </figure>
          </div>
          <p className="receipt-note">{created?.accessCode ? T.accessCodeNote : T.noAccessCode}</p>
          <p className="receipt-note">{T.footer}</p>
        </article>
      )}
    </div>
  );
}
