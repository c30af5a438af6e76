// On the acknowledgement page: the complaint is saved, so its draft is no longer needed.
import { clearDraft } from './draft';

clearDraft();
